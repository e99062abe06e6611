"""Navigation: what a feed, a sitemap or a section page points at.

Each kind has a pure function, body in, links out (`feed.feed_links`, `sitemap.sitemap_links`,
`pages.page_links`), returning a `Listing`; `interop.InteropSpider` is the one Scrapy spider that
drives them for every source, with the frontier deciding what to request.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crawler.canonical import normalize_url
from crawler.dates import parse_instant
from crawler.frontier import Link
from crawler.safety import target
from crawler.sources import Source


@dataclass(frozen=True)
class Listing:
    """Links found on one listing, and the links left out, counted by reason."""

    links: tuple[Link, ...] = ()
    drops: Counter = field(default_factory=Counter)


def too_old(date: str | None, now: datetime, max_age_days: float | None) -> bool:
    """True when `date` is known and older than `max_age_days` before `now`."""
    if max_age_days is None or not date:
        return False
    instant = parse_instant(date)
    return instant is not None and instant < now - timedelta(days=max_age_days)


def article_link_verdict(url: str, source: Source) -> tuple[str | None, str | None]:
    """(normalised URL, None) for a link the source wants as an article, else (None, drop reason
    or None when the link is simply not one of the source's articles)."""
    if target(url) is None or not url.lower().startswith(("http://", "https://")):
        return None, None
    url = normalize_url(url)
    if source.denies(url) or not source.is_article_url(url):
        return None, ("denied" if source.denies(url) else None)
    if not source.in_domains(target(url)[1]):
        return None, "offsite"
    return url, None
