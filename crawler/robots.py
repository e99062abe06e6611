"""robots.txt, read as RFC 9309 says: a 5xx answer or an unreachable file means "disallow all"
(for this run; the next run asks again), a 4xx answer means no restrictions. Scrapy's own
middleware allows everything in both cases.

A `Crawl-delay` for our user agent (or `*`) is honoured: it becomes the least delay between
requests to that host for the run (capped at INTEROPWATCH_MAX_CRAWL_DELAY, 30 s by default, so a
robots.txt cannot stall a source for hours), logged once per host. Scrapy parses it but ignores it.
"""

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
DEFAULT_MAX_CRAWL_DELAY = 30.0
logger = logging.getLogger(__name__)


def crawl_delay(parser, user_agent: str) -> float | None:
    """The Crawl-delay a parsed robots.txt asks of `user_agent` (its group, else `*`), in seconds;
    None when it asks for none (not given, zero, negative or unreadable)."""
    try:
        asked = parser.crawl_delay(user_agent)
        seconds = float(asked) if asked is not None else None
    except (TypeError, ValueError):
        return None
    return seconds if seconds is not None and seconds > 0 else None  # not NaN either


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.unavailable: dict[str, str] = {}  # netloc -> why it is disallowed wholesale
        self.max_crawl_delay = crawler.settings.getfloat("INTEROPWATCH_MAX_CRAWL_DELAY", DEFAULT_MAX_CRAWL_DELAY)

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
        else:
            # before the parser is handed to the requests waiting for it: none may go out early
            self._apply_crawl_delay(response.body, netloc, urlparse_cached(request).hostname or "")
        await super()._parse_robots(response, netloc, request)

    def _apply_crawl_delay(self, body: bytes, netloc: str, host: str) -> None:
        parser = build_from_crawler(self._parserimpl, self.crawler, body)
        agent = self._robotstxt_useragent or self._default_useragent
        asked = crawl_delay(parser, agent)
        downloader = self.crawler.engine.downloader
        if asked is None or not hasattr(downloader, "set_crawl_delay"):
            return
        seconds = min(asked, self.max_crawl_delay)
        downloader.set_crawl_delay(host, seconds)
        logger.info("robots.txt of %s asks for Crawl-delay: %g; requests to %s go out at least %g s apart%s",
                    netloc, asked, host, seconds, " (our cap)" if seconds < asked else "")

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
