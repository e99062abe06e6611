"""RSS / Atom feeds -> article links with the feed's title, dates and author as hints."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from crawler.feeds import parse_feed
from crawler.frontier import Link
from crawler.records import PageHints
from crawler.sources import Source
from crawler.spiders import Listing, article_link_verdict, too_old


def feed_links(body: bytes, url: str, source: Source, now: datetime, max_age_days: float | None) -> Listing:
    """Links of a feed; raises FeedError for a feed that cannot be read."""
    feed = parse_feed(body, url)
    links, drops, seen = [], Counter(), set()
    for entry in feed.entries:
        link, reason = article_link_verdict(entry.url, source)
        if link is None:
            drops[reason or "not-matching"] += 1
            continue
        if too_old(entry.updated or entry.published, now, max_age_days):
            drops["too-old"] += 1
            continue
        if link in seen:
            continue
        seen.add(link)
        hints = PageHints(title=entry.title, published=entry.published, author=entry.author,
                          language=entry.language or source.language)
        links.append(Link(link, hints, lastmod=entry.updated))
    return Listing(tuple(links), drops)
