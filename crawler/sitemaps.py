"""Sitemaps (index, urlset, Google News) -> entries. Pure; no entity expansion.

    parse_sitemap(body, base_url, max_bytes) -> Sitemap      raises FeedError

A gzipped body (``.xml.gz`` served without Content-Encoding) is decompressed here, refusing
more than `max_bytes` once decompressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from crawler.dates import to_iso
from crawler.errors import FeedError
from crawler.xmlsafe import GZIP_MAGIC, gunzip_capped, local, parse_xml, text_of


@dataclass(frozen=True)
class SitemapEntry:
    """A <sitemap> of an index or a <url> of a urlset, with its Google News hints."""

    url: str
    lastmod: str | None = None  # ISO 8601
    title: str | None = None  # news:title
    published: str | None = None  # news:publication_date
    language: str | None = None  # news:language


@dataclass(frozen=True)
class Sitemap:
    kind: str  # index | urlset
    entries: tuple[SitemapEntry, ...]


def parse_sitemap(body: bytes, base_url: str, max_bytes: int) -> Sitemap:
    if body.startswith(GZIP_MAGIC):
        body = gunzip_capped(body, max_bytes)
    root = parse_xml(body)
    name = local(root.tag)
    if name == "sitemapindex":
        kind, item_name = "index", "sitemap"
    elif name == "urlset":
        kind, item_name = "urlset", "url"
    else:
        raise FeedError(f"not a sitemap: root element <{name}>")
    entries = []
    for item in root:
        if local(item.tag) != item_name:
            continue
        fields: dict[str, str | None] = {}
        for child in item:
            tag = local(child.tag)
            if tag in ("loc", "lastmod"):
                fields[tag] = text_of(child)
            elif tag == "news":
                for n in child.iter():
                    t = local(n.tag)
                    if t == "title":
                        fields["title"] = text_of(n)
                    elif t == "publication_date":
                        fields["published"] = text_of(n)
                    elif t == "language":
                        fields["language"] = text_of(n)
        loc = fields.get("loc")
        if not loc:
            continue
        entries.append(SitemapEntry(
            url=urljoin(base_url, loc),
            lastmod=to_iso(fields.get("lastmod")),
            title=fields.get("title"),
            published=to_iso(fields.get("published")),
            language=fields.get("language"),
        ))
    return Sitemap(kind, tuple(entries))
