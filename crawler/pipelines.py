"""Item pipelines, one job each, in this order:

    ParsePipeline     fetched page -> Article (crawler.parsing), or dropped as not an article
    DedupPipeline     one record per canonical URL and body: duplicates and unchanged pages dropped
    SpoolPipeline     appends the SpoolRecord (fsynced: a group commit with the records queued
                      behind the same fsync) and counts it
    FrontierPipeline  only then marks the URL done in the frontier; also records every drop
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from datetime import datetime

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.records import Article, NotAnArticle, PageHints, SpoolRecord
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


def parse_page(*args) -> Article | NotAnArticle:
    """crawler.parsing.parse_page, imported on first use: a crawl with nothing to parse (a
    re-crawl of an unchanged site) does not load the parser (~0.2 s of trafilatura imports)."""
    from crawler.parsing import parse_page as parse

    return parse(*args)


def _spider(crawler):
    return crawler.spider


def _worker_start(parent: int) -> None:
    """Run once in each parse worker: leave with the crawl (a crawl killed with SIGKILL cannot
    stop its workers, and a worker blocked on its task queue would wait for ever), and pay the
    imports and first-call costs before pages come."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()
    parse_page("http://warm.up/", b"<html><body><p>warm up</p></body></html>")


class ParsePipeline:
    """Parses in `workers` separate processes (crawler.parse_workers; 0: in the crawl process),
    so parsing one page overlaps fetching the next."""

    def __init__(self, crawler, workers: int = 0):
        self.crawler = crawler
        self.workers = workers
        # Started with the first new article request (a re-crawl may have none). A worker takes
        # ~0.5-1 s to start (a process, imports, a first parse): pages that come before it is
        # ready are parsed here, instead of the crawl standing still until it is.
        self.pool: ProcessPoolExecutor | None = None
        self.ready: Future | None = None  # done once a worker has started
        crawler.signals.connect(self.close, signal=signals.spider_closed)
        if workers > 0:
            crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("INTEROPWATCH_PARSE_WORKERS", 0))

    def close(self, spider=None, reason=None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def request_scheduled(self, request, spider=None) -> None:
        # not for a re-check: most answer 304 (nothing to parse), and a pool started for nothing
        # would hold the end of the crawl until its worker is up
        if request.meta.get("iw_role") == "article" and not request.meta.get("iw_recheck"):
            self.crawler.signals.disconnect(self.request_scheduled, signal=signals.request_scheduled)
            self._start_pool()

    def _start_pool(self) -> None:
        if self.pool is None and self.workers > 0:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"),
                                            initializer=_worker_start, initargs=(os.getpid(),))
            self.ready = self.pool.submit(os.getpid)  # a worker is started for a task: start one now

    async def _parse(self, item: FetchedPage):
        args = (item.url, item.body, item.hints, item.header_encoding)
        self._start_pool()
        if self.pool is not None and self.ready is not None and self.ready.done():
            try:
                return await asyncio.wrap_future(self.pool.submit(parse_page, *args))
            except BrokenProcessPool:
                logger.error("the parse workers died; parsing in the crawl process from now on")
                self.pool, self.workers = None, 0
        return parse_page(*args)

    async def process_item(self, item):
        if not isinstance(item, FetchedPage):
            return item
        try:
            result = await self._parse(item)
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


class SpoolWriter:
    """One thread appending records to a spool, in the order submitted. Records that queue up
    while an fsync runs are written together and covered by the next fsync (a group commit):
    each submitter's future completes only once its own record is on disk, so nothing is marked
    done before it is spooled, but the crawl is not held to one fsync per page (an fsync takes
    ~0.5 ms on an idle disk and several ms beside the frontier's and other writers' I/O)."""

    MAX_BATCH = 64

    def __init__(self, append_many: Callable[[Sequence[SpoolRecord]], None]):
        self.append_many = append_many
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="spool-writer", daemon=True)
        self.thread.start()

    def submit(self, record: SpoolRecord) -> Future:
        future: Future = Future()
        self.queue.put((record, future))
        return future

    def close(self) -> None:
        """Write what was submitted, then stop."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()

    def _run(self) -> None:
        stop = False
        while not stop:
            batch = [self.queue.get()]
            while len(batch) < self.MAX_BATCH:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            stop = None in batch
            live = [(record, future) for record, future in filter(None, batch)
                    if future.set_running_or_notify_cancel()]
            if not live:
                continue
            try:
                self.append_many([record for record, _ in live])
            except BaseException as e:  # every record of the batch counts as not written
                for _, future in live:
                    future.set_exception(e)
            else:
                for _, future in live:
                    future.set_result(None)


class SpoolPipeline:
    """Appends each record through a SpoolWriter: the fsync does not stall the crawl, and the
    item goes on (to be marked done) only once its record is on disk."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.writer: SpoolWriter | None = None  # started with the first record
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def close(self, spider=None, reason=None) -> None:
        if self.writer is not None:
            self.writer.close()

    async def process_item(self, item):
        if not isinstance(item, ParsedPage):
            return item
        spider = _spider(self.crawler)
        page = item.page
        record = make_record(item.article, source=page.source, requested_url=page.frontier_url,
                             fetched_at=page.fetched_at, etag=page.etag, last_modified=page.last_modified,
                             text_hash=item.content_hash)
        if self.writer is None:
            self.writer = SpoolWriter(spider.spool.append_many)
        await asyncio.wrap_future(self.writer.submit(record))
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
