"""A Scrapy extension logging crawl progress every few seconds: pages/s, items, drops by reason."""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.summary import progress_line

logger = logging.getLogger("crawler.progress")


class ProgressLog:
    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("INTEROPWATCH_PROGRESS_INTERVAL", 10.0)
        if interval <= 0:
            raise NotConfigured
        return cls(crawler, interval)

    def opened(self, spider=None):
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.log)
        self.loop.start(self.interval, now=False)

    def log(self):
        spider = self.crawler.spider
        logger.info(progress_line(list(spider.tallies.values()), time.monotonic() - self.started))

    def closed(self, spider=None, reason=None):
        if self.loop is not None and self.loop.running:
            self.loop.stop()
