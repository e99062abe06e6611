"""The crawl's resolver, over a static table of A and AAAA records (in memory): IPv6-only names
resolve, a name with any inside address (IPv4 or IPv6) reaches no socket, and the safety gate
names the inside address it refused."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.resolver import HostResolution, dnscache
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver
from zope.interface import implementer

from crawler import middlewares
from crawler.failures import Blocked
from crawler.middlewares import SafetyMiddleware
from crawler.resolver import GuardedResolver
from tests.crawler.conftest import fake_crawler

RECORDS = {
    "v6only.example.org": ["2606:4700::1111"],
    "dual.example.org": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    "loop6.example.org": ["::1"],
    "ula.example.org": ["fd12:3456::7"],
    "linklocal.example.org": ["fe80::1"],
    "mapped.example.org": ["::ffff:127.0.0.1"],
    "nat64.example.org": ["64:ff9b::a9fe:a9fe"],  # 169.254.169.254 through NAT64
    "mixed.example.org": ["93.184.216.34", "fd00::1"],  # one inside address is enough
    "own.example.org": ["::1"],  # a source's own configured host
}


@implementer(IHostnameResolver)
class StaticResolver:
    """What getaddrinfo would answer, from a table."""

    def __init__(self, records: dict[str, list[str]]):
        self.records = records
        self.asked: list[str] = []

    def resolveHostName(self, receiver, hostName, portNumber=0, addressTypes=None, transportSemantics="TCP"):
        self.asked.append(hostName)
        receiver.resolutionBegan(HostResolution(hostName))
        for host in self.records.get(hostName, []):
            receiver.addressResolved((IPv6Address if ":" in host else IPv4Address)("TCP", host, portNumber))
        receiver.resolutionComplete()
        return receiver


class Received:
    def __init__(self):
        self.hosts: list[str] = []
        self.complete = False

    def resolutionBegan(self, resolution):
        pass

    def addressResolved(self, address):
        self.hosts.append(address.host)

    def resolutionComplete(self):
        self.complete = True


@pytest.fixture
def resolver():
    dnscache.clear()
    upstream = StaticResolver(dict(RECORDS))
    guarded = GuardedResolver(SimpleNamespace(nameResolver=upstream), 100, 5.0, frozenset({"own.example.org"}))
    guarded.upstream = upstream
    yield guarded
    dnscache.clear()


def connect_to(resolver, name: str) -> list[str]:
    """The addresses a connection to `name` would be offered (HostnameEndpoint's view)."""
    received = Received()
    resolver.resolveHostName(received, name, 443)
    assert received.complete
    return received.hosts


def test_a_name_with_only_an_ipv6_address_resolves(resolver):
    assert connect_to(resolver, "v6only.example.org") == ["2606:4700::1111"]
    assert connect_to(resolver, "dual.example.org") == RECORDS["dual.example.org"]


@pytest.mark.parametrize("name", ["loop6.example.org", "ula.example.org", "linklocal.example.org",
                                  "mapped.example.org", "nat64.example.org", "mixed.example.org"])
def test_a_name_with_any_inside_address_reaches_no_socket(resolver, name):
    assert connect_to(resolver, name) == []
    assert resolver.addresses(name).result == RECORDS[name]  # the gate sees them all, to say why


def test_a_sources_own_host_may_resolve_inside(resolver):
    assert connect_to(resolver, "own.example.org") == ["::1"]


def test_answers_are_cached_so_a_name_cannot_change_between_check_and_connection(resolver):
    assert resolver.addresses("v6only.example.org").result == ["2606:4700::1111"]
    resolver.upstream.records["v6only.example.org"] = ["::1"]  # rebinding
    assert connect_to(resolver, "v6only.example.org") == ["2606:4700::1111"]
    assert resolver.upstream.asked.count("v6only.example.org") == 1


SRC = {"name": "s", "kind": "pages", "urls": ["https://example.org/section/"], "allowed_domains": ["example.org"]}


@pytest.mark.parametrize("name, refused", [
    ("v6only.example.org", None), ("dual.example.org", None),
    ("loop6.example.org", "::1"), ("ula.example.org", "fd12:3456::7"), ("mapped.example.org", "::ffff:127.0.0.1"),
    ("nat64.example.org", "64:ff9b::a9fe:a9fe"), ("mixed.example.org", "fd00::1"),
])
def test_the_safety_gate_checks_every_resolved_address(spider_for, resolver, monkeypatch, name, refused):
    monkeypatch.setattr(middlewares, "reactor", SimpleNamespace(nameResolver=resolver))
    gate = SafetyMiddleware(fake_crawler(spider_for(SRC)))
    request = Request(f"https://{name}/news/1", meta={"iw_source": "s", "iw_role": "article"})
    if refused is None:
        assert asyncio.run(gate.process_request(request)) is None
        return
    with pytest.raises(Blocked) as err:
        asyncio.run(gate.process_request(request))
    assert err.value.reason == "private-address" and f"{name} resolves to {refused}" in str(err.value)


def test_an_unresolvable_name_is_left_to_the_download_to_report(spider_for, resolver, monkeypatch):
    monkeypatch.setattr(middlewares, "reactor", SimpleNamespace(nameResolver=resolver))
    gate = SafetyMiddleware(fake_crawler(spider_for(SRC)))
    request = Request("https://nowhere.example.org/x", meta={"iw_source": "s", "iw_role": "article"})
    assert asyncio.run(gate.process_request(request)) is None
