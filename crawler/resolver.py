"""The DNS resolver installed for the crawl: Scrapy's caching resolver for IPv4 and IPv6
(getaddrinfo), refusing to hand out the addresses of a name that resolves to any address that is
not public, for every name but the sources' own configured hosts.

The downloader middleware checks every request's resolved addresses first, all of them, with a
precise reason (`addresses`); this is the backstop at connection time: whatever reaches a socket
went through it, and the resolved addresses are cached, so a name cannot answer differently
between check and connection. A name with no address left is a DNS failure for the downloader.

Scrapy's default resolver (gethostbyname) knows only IPv4: a site reachable over IPv6 alone
failed with a DNS error. IPv6 addresses are judged by the same rules (crawler.safety.is_public):
::1, fc00::/7, fe80::/10, IPv4-mapped and NAT64 forms of inside IPv4 addresses are inside.
"""

from __future__ import annotations

import logging

from scrapy.resolver import CachingHostnameResolver
from twisted.internet.defer import Deferred
from twisted.internet.interfaces import IHostnameResolver, IResolutionReceiver
from zope.interface import implementer, provider

from crawler.safety import is_public

logger = logging.getLogger(__name__)


def inside_addresses(addresses) -> list[str]:
    """The addresses (twisted IAddress or strings) that are not public."""
    hosts = [getattr(a, "host", a) for a in addresses]
    return [h for h in hosts if not is_public(h)]


@provider(IResolutionReceiver)
class _GuardedReceiver:
    """Passes a resolution on only when every address is public; else it ends with none."""

    def __init__(self, receiver, name: str):
        self.receiver = receiver
        self.name = name
        self.addresses: list = []

    def resolutionBegan(self, resolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address) -> None:
        self.addresses.append(address)

    def resolutionComplete(self) -> None:
        inside = inside_addresses(self.addresses)
        if inside:
            logger.debug("%s resolves to %s, an address inside: not connecting", self.name, inside[0])
        else:
            for address in self.addresses:
                self.receiver.addressResolved(address)
        self.receiver.resolutionComplete()


@provider(IResolutionReceiver)
class _Collector:
    def __init__(self, done: Deferred):
        self.done = done
        self.hosts: list[str] = []

    def resolutionBegan(self, resolution) -> None:
        pass

    def addressResolved(self, address) -> None:
        self.hosts.append(address.host)

    def resolutionComplete(self) -> None:
        if not self.done.called:
            self.done.callback(list(dict.fromkeys(self.hosts)))


@implementer(IHostnameResolver)
class GuardedResolver(CachingHostnameResolver):
    def __init__(self, reactor, cache_size: int, timeout: float, exempt_hosts: frozenset[str] = frozenset()):
        super().__init__(reactor, cache_size)
        self.timeout = timeout
        self.exempt_hosts = exempt_hosts

    @classmethod
    def from_crawler(cls, crawler, reactor):
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        exempt = frozenset(h.lower() for h in settings.getlist("INTEROPWATCH_EXEMPT_HOSTS"))
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), exempt)

    def exempt(self, name: str) -> bool:
        return name.lower().rstrip(".") in self.exempt_hosts

    def resolveHostName(self, resolutionReceiver, hostName, portNumber=0, addressTypes=None,
                        transportSemantics="TCP"):
        receiver = resolutionReceiver if self.exempt(hostName) else _GuardedReceiver(resolutionReceiver, hostName)
        return super().resolveHostName(receiver, hostName, portNumber, addressTypes, transportSemantics)

    def addresses(self, name: str) -> Deferred:
        """Every address (IPv4 and IPv6) `name` resolves to, unfiltered, through the cache;
        [] when it resolves to none; fails with TimeoutError after DNS_TIMEOUT seconds."""
        done: Deferred = Deferred()
        super().resolveHostName(_Collector(done), name, 0)
        if not done.called and self.timeout:
            done.addTimeout(self.timeout, self.reactor)
        return done
