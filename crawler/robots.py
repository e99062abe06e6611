"""robots.txt, read as RFC 9309 says: a 5xx answer or an unreachable file means "disallow all"
(for this run; the next run asks again), a 4xx answer means no restrictions. Scrapy's own
middleware allows everything in both cases."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from crawler.failures import Blocked, classify

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
logger = logging.getLogger(__name__)


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.unavailable: dict[str, str] = {}  # netloc -> why it is disallowed wholesale

    async def robot_parser(self, request):
        """Scrapy's, logging a failed robots.txt download as one warning line, not a traceback."""
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robotsreq = Request(f"{url.scheme}://{netloc}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                                meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
            try:
                resp = await self.crawler.engine.download_async(robotsreq)
                await self._parse_robots(resp, netloc, request)
            except Exception as e:
                logger.warning("robots.txt of %s unavailable (%s): disallowing the host for this run",
                               netloc, classify(e).reason)
                self._robots_error(e, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    async def _parse_robots(self, response, netloc, request):
        if response.status >= 500:
            self.unavailable[netloc] = f"robots.txt answered HTTP {response.status}"
            response = response.replace(body=DISALLOW_ALL)
        elif response.status >= 300:
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc, netloc):
        self.unavailable[netloc] = f"robots.txt unreachable ({classify(exc).reason})"
        rp = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        pending = self._parsers[netloc]
        self._parsers[netloc] = rp
        if isinstance(pending, Deferred):
            pending.callback(rp)

    def process_request_2(self, rp, request):
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            why = self.unavailable.get(urlparse_cached(request).netloc)
            if why:
                raise Blocked("robots-unavailable", why) from None
            raise Blocked("robots", request.url) from None
