"""Scrapy's downloader, holding CONCURRENT_REQUESTS_PER_DOMAIN when there is no download delay,
and keeping a host's robots.txt Crawl-delay as the least delay between its requests.

Scrapy 2.19 starts each download as a scheduled coroutine that marks itself "transferring" only
once it runs; with no download delay, one pass over a slot's queue therefore starts every queued
request at once (measured: 15 requests in flight to one host with a per-domain limit of 1).
Marking the request as transferring when it is handed over, as here, restores the limit. With a
delay (the default: crawler.download_delay = 1 s) Scrapy starts one request per pass and is right.

Crawl-delay: Scrapy reads it from robots.txt but never applies it. `set_crawl_delay(host, s)`
makes `s` the floor of that host's slot delay: AutoThrottle may raise the delay above it, never
lower it below (the floor is put back before every pass over the slot's queue), and the random
jitter of DOWNLOAD_DELAY is off for such a host, so no two requests start closer than `s`.
"""

from __future__ import annotations

from scrapy.core.downloader import Downloader, Slot


class PerDomainDownloader(Downloader):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.crawl_delays: dict[str, float] = {}  # slot key (host name) -> least seconds between requests
        self._floors: dict[int, tuple[Slot, float]] = {}  # id(slot) -> (slot, floor); holds the slot

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        """Requests to `host` start at least `seconds` apart from now on (the largest asked wins)."""
        if seconds <= 0:
            return
        self.crawl_delays[host] = max(seconds, self.crawl_delays.get(host, 0.0))
        slot = self.slots.get(host)
        if slot is not None:
            self._floor(slot, self.crawl_delays[host])

    def _floor(self, slot: Slot, seconds: float) -> None:
        self._floors[id(slot)] = (slot, seconds)
        slot.jitter = 0.0
        slot.delay = max(slot.delay, seconds)

    def _get_slot(self, request, spider=None):
        key, slot = super()._get_slot(request)
        if key in self.crawl_delays and id(slot) not in self._floors:
            self._floor(slot, self.crawl_delays[key])
        return key, slot

    def _process_queue(self, slot: Slot) -> None:
        held = self._floors.get(id(slot))
        if held is not None and held[0] is slot and slot.delay < held[1]:
            slot.delay = held[1]  # AutoThrottle lowered it
        super()._process_queue(slot)

    def _wait_for_download(self, slot, request, queue_dfd):
        slot.transferring.add(request)  # before the coroutine runs; _download adds and removes it again
        return super()._wait_for_download(slot, request, queue_dfd)
