"""The one spider: every source's listings and articles, with the frontier deciding what to ask.

One spider for all sources (rather than one per source) so that one downloader holds the
per-domain concurrency and delays for every source on a host.

Listings (feeds, sitemaps, section pages) are fetched every run, conditionally; what they point
at is recorded in the frontier, which returns what to request now (new URLs, due re-checks,
within the source's page cap). Article responses become `FetchedPage` items for the pipelines.
A source whose start URLs all fail (connection, DNS, HTTP error, malformed feed, robots.txt
unavailable) is reported as failed with the first reason; the others go on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import scrapy
from w3lib.encoding import http_content_type_encoding

from crawler.canonical import normalize_url
from crawler.errors import FeedError
from crawler.failures import classify
from crawler.frontier import Frontier, Planned
from crawler.options import CrawlOptions
from crawler.pipelines import FetchedPage
from crawler.sources import Source
from crawler.spiders import Listing, too_old
from crawler.spiders.feed import feed_links
from crawler.spiders.pages import page_links
from crawler.spiders.sitemap import sitemap_links
from crawler.spool import Spool
from crawler.summary import SourceTally

INDEX_PRIORITY = 10


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1").strip() if value else None


class InteropSpider(scrapy.Spider):
    name = "interopwatch"

    def __init__(self, *, sources: tuple[Source, ...], frontier: Frontier, spool: Spool,
                 options: CrawlOptions, clock: Callable[[], datetime], tallies: dict[str, SourceTally],
                 **kwargs):
        super().__init__(**kwargs)
        self.sources = {s.name: s for s in sources}
        self.frontier = frontier
        self.spool = spool
        self.options = options
        self.clock = clock
        self.tallies = tallies
        self.budget = {s.name: s.page_cap(options.default_max_pages) for s in sources}
        self.scheduled: set[str] = set()

    # -- requests ---------------------------------------------------------------------------

    async def start(self):
        started = time.monotonic()
        for tally in self.tallies.values():
            tally.touch(started)
        for source in self.sources.values():
            for planned in self.frontier.start_urls(source.name, source.urls, self.clock()):
                yield self._request(planned, start=True)
        for source in self.sources.values():
            for planned in self.frontier.resume(source.name, self.budget[source.name], self.clock()):
                if planned.url not in self.scheduled:
                    yield self._request(planned)

    def _request(self, planned: Planned, start: bool = False) -> scrapy.Request:
        self.scheduled.add(planned.url)
        self.budget[planned.source] -= 1
        source = self.sources[planned.source]
        headers = {}
        if planned.etag:
            headers["If-None-Match"] = planned.etag
        if planned.last_modified:
            headers["If-Modified-Since"] = planned.last_modified
        meta = {
            "iw_source": planned.source, "iw_role": planned.role, "iw_depth": planned.depth,
            "iw_hints": planned.hints, "iw_url": planned.url, "iw_start": start, "iw_recheck": planned.recheck,
            "handle_httpstatus_list": [304],
        }
        if planned.role == "index" and source.kind == "sitemap":
            meta["download_maxsize"] = max(self.options.max_sitemap_bytes, self.options.max_page_bytes)
        index = planned.role == "index"
        return scrapy.Request(
            planned.url, callback=self.parse_listing if index else self.parse_article, errback=self.on_error,
            headers=headers, meta=meta, priority=INDEX_PRIORITY if index else 0, dont_filter=True)

    # -- listings ---------------------------------------------------------------------------

    def parse_listing(self, response):
        meta = response.meta
        source, tally, now = self.sources[meta["iw_source"]], self.tallies[meta["iw_source"]], self.clock()
        url, depth = meta["iw_url"], meta["iw_depth"]
        tally.touch(time.monotonic())
        if response.status == 304:
            tally.not_modified += 1
            tally.start_ok += meta["iw_start"]
            self.frontier.mark_done(url, source=source.name, now=now, outcome="not-modified", role="index")
            yield from self._recheck_children(source, depth, now)
            return
        tally.pages_fetched += 1
        try:
            listing = self._navigate(source, response, depth, now)
        except FeedError as e:
            message = f"{response.url}: malformed {source.kind}: {e}"
            tally.error(message)
            if meta["iw_start"]:
                tally.start_failures.append(message)
            self.frontier.mark_failed(url, source=source.name, now=now, error=message, role="index")
            return
        tally.start_ok += meta["iw_start"]
        for reason, n in listing.drops.items():
            tally.drop(reason, n)
        articles = [link for link in listing.links if link.role == "article"]
        indexes = [link for link in listing.links if link.role == "index"]
        planned, decisions = self.frontier.plan_listing(
            source.name, articles, depth=depth + 1, budget=self.budget[source.name],
            scheduled=self.scheduled, now=now)
        # Incremental: a section page whose articles are all known already ends its pagination.
        stale = source.kind == "pages" and articles and decisions["known"] == len(articles)
        if indexes and not stale:
            more, more_decisions = self.frontier.plan_listing(
                source.name, indexes, depth=depth + 1, budget=self.budget[source.name] - len(planned),
                scheduled=self.scheduled, now=now)
            planned += more
            decisions.update(more_decisions)
        tally.drop("page-cap", decisions["deferred"])
        self.frontier.mark_done(url, source=source.name, now=now, outcome="listing", role="index",
                                etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified"))
        for p in planned:
            yield self._request(p)

    def _recheck_children(self, source: Source, depth: int, now: datetime):
        """A sitemap (index) that answered 304: ask again, conditionally, for the child sitemaps
        it listed before, which may have gained entries although the index did not change."""
        if source.kind != "sitemap" or depth + 1 > self.options.max_depth:
            return
        children = [link for link in self.frontier.indexes_at(source.name, depth + 1)
                    if not too_old(link.lastmod, now, self.options.max_age_days)]
        if not children:
            return
        planned, decisions = self.frontier.plan_listing(
            source.name, children, depth=depth + 1, budget=self.budget[source.name],
            scheduled=self.scheduled, now=now)
        self.tallies[source.name].drop("page-cap", decisions["deferred"])
        for p in planned:
            yield self._request(p)

    def _navigate(self, source: Source, response, depth: int, now: datetime) -> Listing:
        o = self.options
        if source.kind == "feed":
            return feed_links(response.body, response.url, source, now, o.max_age_days)
        if source.kind == "sitemap":
            return sitemap_links(response.body, response.url, source, now, o.max_age_days, depth=depth,
                                 max_depth=o.max_depth, max_bytes=max(o.max_sitemap_bytes, o.max_page_bytes))
        return page_links(response.body, response.url, source, depth=depth, max_depth=o.max_depth)

    # -- articles ---------------------------------------------------------------------------

    def parse_article(self, response):
        meta = response.meta
        source, tally, now = self.sources[meta["iw_source"]], self.tallies[meta["iw_source"]], self.clock()
        url = meta["iw_url"]
        tally.touch(time.monotonic())
        if response.status == 304:
            tally.not_modified += 1
            self.frontier.mark_done(url, source=source.name, now=now, outcome="not-modified")
            return
        tally.pages_fetched += 1
        hops = [normalize_url(u) for u in meta.get("redirect_urls", ())] + [normalize_url(response.url)]
        also = tuple(dict.fromkeys(u for u in hops if u != url))
        yield FetchedPage(
            source=source.name, frontier_url=url, url=response.url, body=response.body,
            header_encoding=http_content_type_encoding(_header(response, b"Content-Type")),
            hints=replace(meta["iw_hints"], fetched_at=now.isoformat()),
            etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified"),
            fetched_at=now, also=also, recheck=meta["iw_recheck"])

    # -- failures ---------------------------------------------------------------------------

    def on_error(self, failure):
        request = failure.request
        meta = request.meta
        source, tally, now = self.sources[meta["iw_source"]], self.tallies[meta["iw_source"]], self.clock()
        url = meta["iw_url"]
        tally.touch(time.monotonic())
        outcome = classify(failure.value)
        if outcome.reason == "already-fetched":  # a redirect to a page done before
            tally.drop("duplicate")
            self.frontier.mark_done(url, source=source.name, now=now, outcome="redirect-to-known")
            return
        detail = getattr(failure.value, "detail", "")
        message = f"{request.url}: {outcome.reason}" + (f" ({detail})" if detail and detail != request.url else "")
        if outcome.drop:
            tally.drop(outcome.reason)
        else:
            tally.error(message)
        if meta["iw_start"]:
            tally.start_failures.append(message)
        self.frontier.mark_failed(url, source=source.name, now=now, error=message, permanent=outcome.permanent,
                                  role=meta["iw_role"])
