"""Item pipelines, one job each, in this order:

    ParsePipeline     fetched page -> Article (crawler.parsing), or dropped as not an article
    DedupPipeline     one record per canonical URL and body: duplicates and unchanged pages dropped
    SpoolPipeline     appends the SpoolRecord (fsynced) and counts it
    FrontierPipeline  only then marks the URL done in the frontier; also records every drop
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.parsing import NotAnArticle, PageHints, parse_page
from crawler.records import Article
from crawler.spool import content_hash, make_record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchedPage:
    """An article page as fetched: what the spider hands to the pipelines."""

    source: str
    frontier_url: str  # the URL requested (the frontier's key)
    url: str  # the URL that answered (after redirects)
    body: bytes
    header_encoding: str | None  # charset of the Content-Type header, if any
    hints: PageHints
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    also: tuple[str, ...] = ()  # redirect hops and target: done too once this page is
    recheck: bool = False


@dataclass(frozen=True)
class ParsedPage:
    page: FetchedPage
    article: Article
    content_hash: str


class Dropped(DropItem):
    """A page dropped for a reason (a drop counter key)."""

    def __init__(self, reason: str, page: FetchedPage):
        super().__init__(reason, log_level="DEBUG")
        self.reason = reason
        self.page = page


def _spider(crawler):
    return crawler.spider


class ParsePipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, FetchedPage):
            return item
        try:
            result = parse_page(item.url, item.body, item.hints, item.header_encoding)
        except Exception as e:  # a parser bug must not lose the page silently
            logger.exception("parsing %s failed", item.url)
            _spider(self.crawler).tallies[item.source].error(f"{item.url}: parse error: {type(e).__name__}: {e}")
            raise Dropped("parse-error", item) from None
        if isinstance(result, NotAnArticle):
            raise Dropped(f"not-an-article:{result.reason}", item)
        return ParsedPage(item, result, content_hash(result.text))


class DedupPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.claimed: set[str] = set()  # canonical URLs spooled (or being spooled) this run

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, ParsedPage):
            return item
        canonical = item.article.url
        if canonical in self.claimed:
            raise Dropped("duplicate", item.page)
        if _spider(self.crawler).frontier.canonical_hash(canonical) == item.content_hash:
            raise Dropped("unchanged" if item.page.recheck else "duplicate", item.page)
        self.claimed.add(canonical)
        return item


class SpoolPipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, ParsedPage):
            return item
        spider = _spider(self.crawler)
        page = item.page
        spider.spool.append(make_record(
            item.article, source=page.source, requested_url=page.frontier_url, fetched_at=page.fetched_at,
            etag=page.etag, last_modified=page.last_modified))
        spider.tallies[page.source].items_written += 1
        return item


class FrontierPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, ParsedPage):
            return item
        page = item.page
        _spider(self.crawler).frontier.mark_done(
            page.frontier_url, source=page.source, now=page.fetched_at, outcome="spooled",
            etag=page.etag, last_modified=page.last_modified, content_hash=item.content_hash,
            canonical_url=item.article.url, also=page.also)
        return item

    def item_dropped(self, item, response, exception, spider=None):
        page = getattr(exception, "page", None)
        if page is None:
            return
        spider = _spider(self.crawler)
        spider.tallies[page.source].drop(exception.reason)
        spider.frontier.mark_done(page.frontier_url, source=page.source, now=page.fetched_at,
                                  outcome=exception.reason, etag=page.etag, last_modified=page.last_modified,
                                  also=page.also)
