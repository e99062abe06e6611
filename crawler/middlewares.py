"""Downloader middlewares: where a request may go, what is already done, how to retry.

    SafetyMiddleware         http(s) only, allowed domains, no inside addresses (redirects too)
    FrontierGuardMiddleware  an article URL the frontier has done is not fetched again
    BackoffRetryMiddleware   retries 429/5xx and network errors with exponential backoff,
                             honouring Retry-After (capped)

Every request the spider makes carries meta["iw_source"]; requests Scrapy makes itself
(robots.txt) may only go to a host:port a source's request was already allowed to reach.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from crawler.failures import Blocked
from crawler.resolver import inside_addresses
from crawler.safety import (
    PRIVATE_ADDRESS,
    SAFE_SCHEMES,
    address_refusal,
    needs_resolution,
    refusal,
    target,
)

logger = logging.getLogger(__name__)


def retry_delay(attempt: int, base: float, cap: float, retry_after: str | None = None,
                now: datetime | None = None, jitter: float = 0.0) -> float:
    """Seconds to wait before retry number `attempt` (1, 2, ...): the server's Retry-After
    (seconds or an HTTP date) when given, else base * 2**(attempt-1) (+ jitter); never above cap."""
    delay = None
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            delay = float(value)
        else:
            try:
                when = parsedate_to_datetime(value)
                if when.tzinfo is None:
                    when = when.replace(tzinfo=timezone.utc)
                delay = max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
            except (TypeError, ValueError, IndexError):
                delay = None
    if delay is None:
        delay = base * (2 ** max(0, attempt - 1)) * (1.0 + jitter)
    return max(0.0, min(delay, cap))


async def sleep(seconds: float) -> None:
    if seconds > 0:
        await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class SafetyMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.approved: set[tuple[str, int]] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request):
        spider = self.crawler.spider
        name = request.meta.get("iw_source")
        source = spider.sources.get(name) if name else None
        t = target(request.url)
        if source is None:
            if t is None or t[0] not in SAFE_SCHEMES or (t[1], t[2]) not in self.approved:
                raise Blocked("unapproved-host", request.url)
            return None
        reason = refusal(request.url, source.allowed_domains, source.own_hosts)
        if reason:
            raise Blocked(reason, request.url)
        if needs_resolution(request.url, source.own_hosts):
            addresses = await resolved_addresses(t[1])
            if addresses and address_refusal(addresses):  # one inside address is enough
                raise Blocked(PRIVATE_ADDRESS, f"{t[1]} resolves to {inside_addresses(addresses)[0]}")
        self.approved.add((t[1], t[2]))
        return None


async def resolved_addresses(host: str) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6); [] when it cannot be resolved (the
    download then fails with a DNS error, reported as such)."""
    resolver = reactor.nameResolver
    try:
        if hasattr(resolver, "addresses"):  # crawler.resolver.GuardedResolver: all of them, unfiltered
            return await maybe_deferred_to_future(resolver.addresses(host))
        return [await maybe_deferred_to_future(reactor.resolve(host))]
    except Exception:
        return []


class FrontierGuardMiddleware:
    """An article request whose URL is done, or was spooled as another page's canonical URL, is
    not sent (redirects included); re-checks (conditional requests) go through."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if request.meta.get("iw_role") != "article" or request.meta.get("iw_recheck"):
            return None
        frontier = self.crawler.spider.frontier
        if frontier.already_fetched(request.url):
            raise Blocked("already-fetched", request.url)
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, waiting before each retry instead of retrying at once."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("INTEROPWATCH_RETRY_BACKOFF", 1.0)
        self.cap = settings.getfloat("INTEROPWATCH_MAX_RETRY_AFTER", 60.0)

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, f"http-{response.status}")
        if retry is None:
            return response
        header = response.headers.get(b"Retry-After")
        retry_after = header.decode("latin-1") if header else None
        delay = retry_delay(retry.meta["retry_times"], self.base, self.cap, retry_after,
                            jitter=random.random() * 0.25)
        if retry_after:
            self._hold_slot(request, delay)
        logger.debug("retrying %s in %.2fs (HTTP %d)", request.url, delay, response.status)
        await sleep(delay)
        return retry

    async def process_exception(self, request, exception):
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        delay = retry_delay(retry.meta["retry_times"], self.base, self.cap, jitter=random.random() * 0.25)
        logger.debug("retrying %s in %.2fs (%s)", request.url, delay, type(exception).__name__)
        await sleep(delay)
        return retry

    def _hold_slot(self, request, delay: float) -> None:
        """Space out every request to that host by `delay` for `delay` seconds (Retry-After is
        about the client, not just the one URL)."""
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is None or delay <= slot.delay:
            return
        before, slot.delay = slot.delay, delay

        def restore() -> None:
            if slot.delay == delay:
                slot.delay = before

        reactor.callLater(delay, restore)
