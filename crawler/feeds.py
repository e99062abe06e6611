"""RSS 0.9x / 1.0 (RDF) / 2.0 and Atom feeds -> entries. Pure; no entity expansion.

    parse_feed(body, base_url) -> Feed          raises FeedError

Elements are matched by local name, so the namespaces of RSS 0.90, RSS 1.0, Atom 1.0 and Atom 0.3
and the usual extensions (dc:creator, dc:date, dc:language) all read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from crawler.dates import to_iso
from crawler.errors import FeedError
from crawler.xmlsafe import local, parse_xml, text_of

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: its link and what the feed says about it (hints for parsing)."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601
    updated: str | None = None  # ISO 8601; newer than our fetch -> re-check the page
    author: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Feed:
    format: str  # rss | rdf | atom
    title: str | None
    language: str | None
    entries: tuple[FeedEntry, ...]


def parse_feed(body: bytes, base_url: str) -> Feed:
    """Parse a feed document; FeedError when it is not XML, not a feed, or declares entities."""
    root = parse_xml(body)
    name = local(root.tag)
    if name == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise FeedError("RSS feed without a <channel>")
        return _rss(channel, channel, "rss", base_url)
    if name == "RDF":
        channel = _child(root, "channel")
        return _rss(root, channel, "rdf", base_url)
    if name == "feed":
        return _atom(root, base_url)
    raise FeedError(f"not a feed: root element <{name}>")


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if local(c.tag) == name]


def _child(el: Element, *names: str) -> Element | None:
    for name in names:
        for c in el:
            if local(c.tag) == name:
                return c
    return None


def _child_text(el: Element, *names: str) -> str | None:
    for name in names:
        for c in el:
            if local(c.tag) == name:
                text = text_of(c)
                if text:
                    return text
    return None


def _rss(container: Element, channel: Element | None, fmt: str, base_url: str) -> Feed:
    title = _child_text(channel, "title") if channel is not None else None
    language = _child_text(channel, "language") if channel is not None else None
    entries = []
    for item in _children(container, "item"):
        url = _child_text(item, "link")
        if not url:
            guid = _child(item, "guid")
            if guid is not None and (guid.get("isPermaLink") or "true").lower() != "false":
                url = text_of(guid)
        if not url and fmt == "rdf":
            url = next((v for k, v in item.attrib.items() if local(k) == "about"), None)
        if not url:
            continue
        published = to_iso(_child_text(item, "pubDate", "date", "issued"))
        entries.append(FeedEntry(
            url=urljoin(base_url, url.strip()),
            title=_child_text(item, "title"),
            published=published,
            updated=to_iso(_child_text(item, "updated", "modified")) or published,
            author=_child_text(item, "creator", "author"),
            language=_child_text(item, "language") or language,
        ))
    return Feed(fmt, title, language, tuple(entries))


def _atom(root: Element, base_url: str) -> Feed:
    base = urljoin(base_url, root.get(XML_BASE) or "")
    language = root.get(XML_LANG)
    feed_author = _author(root)
    entries = []
    for entry in _children(root, "entry"):
        href = _atom_link(entry)
        if not href:
            continue
        entry_base = urljoin(base, entry.get(XML_BASE) or "")
        published = to_iso(_child_text(entry, "published", "issued", "created"))
        updated = to_iso(_child_text(entry, "updated", "modified"))
        entries.append(FeedEntry(
            url=urljoin(entry_base, href.strip()),
            title=_child_text(entry, "title"),
            published=published or updated,
            updated=updated or published,
            author=_author(entry) or feed_author,
            language=entry.get(XML_LANG) or language,
        ))
    return Feed("atom", _child_text(root, "title"), language, tuple(entries))


def _atom_link(entry: Element) -> str | None:
    links = _children(entry, "link")
    for link in links:
        if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
            if (link.get("type") or "text/html").startswith(("text/html", "application/xhtml")):
                return link.get("href")
    for link in links:
        if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    ident = _child_text(entry, "id")
    if ident and ident.startswith(("http://", "https://")):
        return ident
    return None


def _author(el: Element) -> str | None:
    author = _child(el, "author")
    if author is None:
        return None
    return _child_text(author, "name") or text_of(author)
