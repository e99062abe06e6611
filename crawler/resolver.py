"""The DNS resolver installed for the crawl: Scrapy's caching resolver, refusing to hand out an
address that is not public for any name but the sources' own configured hosts.

The downloader middleware checks every request's resolved address first (with a precise reason);
this is the backstop at connection time: whatever reaches a socket went through it, and the
resolved address is cached, so a name cannot answer differently between check and connection.
"""

from __future__ import annotations

from twisted.internet.error import DNSLookupError

from scrapy.resolver import CachingThreadedResolver

from crawler.safety import is_public


class PrivateAddressError(DNSLookupError):
    """A name resolved to a loopback, private, link-local or reserved address."""


class GuardedResolver(CachingThreadedResolver):
    def __init__(self, reactor, cache_size: int, timeout: float, exempt_hosts: frozenset[str] = frozenset()):
        super().__init__(reactor, cache_size, timeout)
        self.exempt_hosts = exempt_hosts

    @classmethod
    def from_crawler(cls, crawler, reactor):
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        exempt = frozenset(h.lower() for h in settings.getlist("INTEROPWATCH_EXEMPT_HOSTS"))
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), exempt)

    def getHostByName(self, name: str, timeout=()):
        d = super().getHostByName(name, timeout)

        def check(address: str) -> str:
            if not is_public(address) and name.lower().rstrip(".") not in self.exempt_hosts:
                raise PrivateAddressError(f"{name} resolves to {address}, an address inside")
            return address

        d.addCallback(check)
        return d
