"""Sitemaps -> child sitemaps (index) and article links (urlset, Google News hints)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from crawler.canonical import normalize_url
from crawler.frontier import Link
from crawler.records import PageHints
from crawler.safety import target
from crawler.sitemaps import parse_sitemap
from crawler.sources import Source
from crawler.spiders import Listing, article_link_verdict, too_old


def sitemap_links(body: bytes, url: str, source: Source, now: datetime, max_age_days: float | None,
                  *, depth: int, max_depth: int, max_bytes: int) -> Listing:
    """Links of a sitemap; raises FeedError for one that cannot be read.

    Entries whose lastmod is older than `max_age_days` are left out (child sitemaps too); child
    sitemaps are followed while `depth` < `max_depth`.
    """
    sitemap = parse_sitemap(body, url, max_bytes)
    links, drops, seen = [], Counter(), set()
    for entry in sitemap.entries:
        if too_old(entry.lastmod or entry.published, now, max_age_days):
            drops["too-old"] += 1
            continue
        if sitemap.kind == "index":
            child = normalize_url(entry.url)
            t = target(child)
            if t is None or t[0] not in ("http", "https") or not source.in_domains(t[1]):
                drops["offsite"] += 1
            elif depth + 1 > max_depth:
                drops["depth-cap"] += 1
            elif child not in seen:
                seen.add(child)
                links.append(Link(child, PageHints(), lastmod=entry.lastmod, role="index"))
            continue
        link, reason = article_link_verdict(entry.url, source)
        if link is None:
            drops[reason or "not-matching"] += 1
            continue
        if link in seen:
            continue
        seen.add(link)
        hints = PageHints(title=entry.title, published=entry.published,
                          language=entry.language or source.language)
        links.append(Link(link, hints, lastmod=entry.lastmod or entry.published))
    return Listing(tuple(links), drops)
