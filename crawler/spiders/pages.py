"""Section pages -> article links (the source's allow/deny patterns) and next-page links.

A link is the next page when it says so (rel="next"), reads like it (crawler/data/next_page.txt)
or looks like it (…/page/3, ?page=3); next pages are followed while depth < max_depth, so
endless pagination ends. Any other link is an article when the source's patterns accept it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from crawler.canonical import normalize_url
from crawler.frontier import Link
from crawler.records import PageHints
from crawler.safety import target
from crawler.sources import Source
from crawler.spiders import Listing, article_link_verdict


@lru_cache(maxsize=1)
def next_page_patterns() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """(link-text patterns, URL patterns) from data/next_page.txt."""
    texts, urls = [], []
    raw = resources.files("crawler").joinpath("data/next_page.txt").read_text("utf-8")
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, pattern = line.partition(":")
        (texts if kind.strip() == "text" else urls).append(re.compile(pattern.strip(), re.IGNORECASE))
    return tuple(texts), tuple(urls)


def is_next_link(url: str, text: str, rel: str) -> bool:
    if "next" in rel.lower().split():
        return True
    texts, urls = next_page_patterns()
    return any(p.search(text) for p in texts) or any(p.search(url) for p in urls)


def page_links(html: str | bytes, url: str, source: Source, *, depth: int, max_depth: int) -> Listing:
    """Article and next-page links of one section page at `depth` (start pages are 0)."""
    if not html or not (html.strip() if isinstance(html, str) else html.strip()):
        return Listing()
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return Listing()
    base = url
    for b in doc.iter("base"):
        if b.get("href"):
            base = urljoin(url, b.get("href").strip())
            break
    here = normalize_url(url)
    articles, nexts, drops, seen = [], [], Counter(), {here}
    for el in doc.iter("a", "link"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        rel = el.get("rel") or ""
        if el.tag == "link" and "next" not in rel.lower().split():
            continue
        absolute = urljoin(base, href)
        t = target(absolute)
        if t is None or t[0] not in ("http", "https"):
            continue
        normal = normalize_url(absolute)
        if normal in seen:
            continue
        text = " ".join(el.text_content().split()) if el.tag == "a" else ""
        if is_next_link(normal, text, rel) and source.in_domains(t[1]) and not source.denies(normal):
            seen.add(normal)
            if depth + 1 > max_depth:
                drops["depth-cap"] += 1
            else:
                nexts.append(Link(normal, PageHints(), role="index"))
            continue
        link, reason = article_link_verdict(normal, source)
        if link is None:
            if reason:
                drops[reason] += 1
            continue
        seen.add(link)
        articles.append(Link(link, PageHints(language=source.language)))
    return Listing(tuple(articles + nexts), drops)
