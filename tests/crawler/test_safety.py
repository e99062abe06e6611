"""Where the crawler may send a request: schemes, domains, and addresses inside."""

from __future__ import annotations

import pytest

from crawler.safety import address_refusal, is_public, needs_resolution, refusal

DOMAINS = ("example.org", "127.0.0.2", "localhost")
OWN = frozenset({("127.0.0.1", 8123), ("example.org", 443)})


@pytest.mark.parametrize("address, public", [
    ("93.184.216.34", True),
    ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False), ("127.0.0.2", False), ("::1", False),  # loopback
    ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False), ("fd00::1", False),  # private
    ("169.254.169.254", False), ("fe80::1", False),  # link-local (cloud metadata)
    ("100.64.0.1", False),  # shared address space
    ("0.0.0.0", False), ("240.0.0.1", False), ("255.255.255.255", False),  # reserved
    ("224.0.0.1", False), ("ff02::1", False),  # multicast
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),  # IPv4-mapped
    ("not an address", False),
    # IPv6: global unicast only
    ("2a00:1450:4001:81a::200e", True), ("2001:4860:4860::8888", True),
    ("::", False),  # unspecified
    ("fc00::1", False), ("fd00:ec2::254", False),  # unique local (fc00::/7), cloud metadata
    ("fe80::1%eth0", False), ("febf::1", False),  # link-local fe80::/10, scoped or not
    ("fec0::1", False),  # site-local (deprecated)
    ("ff0e::1", False),  # global-scope multicast
    ("2001:db8::1", False), ("3fff::1", False),  # documentation
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
    ("100::1", False), ("5f00::1", False),  # discard-only, outside 2000::/3
    ("::ffff:93.184.216.34", True), ("::ffff:169.254.169.254", False),  # mapped: the IPv4 address decides
    ("::ffff:0:127.0.0.1", False),  # IPv4-translated
    ("::127.0.0.1", False), ("::7f00:1", False),  # IPv4-compatible (deprecated)
    ("64:ff9b::5db8:d822", True), ("64:ff9b::7f00:1", False), ("64:ff9b::a00:1", False),  # NAT64
    ("64:ff9b:1::1", False),  # local-use NAT64
    ("2002:5db8:d822::1", True), ("2002:7f00:1::", False), ("2002:c0a8:101::1", False),  # 6to4
])
def test_only_global_unicast_addresses_are_public(address, public):
    assert is_public(address) is public


@pytest.mark.parametrize("url, reason", [
    ("https://example.org/news/1", None),
    ("https://news.example.org/news/1", None),
    ("http://127.0.0.1:8123/feed.xml", None),  # the source's own configured host:port
    ("http://127.0.0.1:8124/feed.xml", "offsite"),  # same address, other port: not the source's host
    ("http://127.0.0.2:8123/page", "private-address"),  # in allowed_domains, but inside
    ("http://[::1]:8123/page", "offsite"),
    ("ftp://example.org/file", "unsafe-scheme"),
    ("file:///etc/passwd", "unsafe-scheme"),
    ("data:text/html,hi", "unsafe-scheme"),
    ("s3://bucket/key", "unsafe-scheme"),
    ("https://example.com/news/1", "offsite"),
    ("https://example.org.evil.net/news", "offsite"),
    ("https://evilexample.org/news", "offsite"),
    ("http://:80/", "bad-url"),
    ("http://example.org:99999/", "bad-url"),
])
def test_refusal_before_resolution(url, reason):
    assert refusal(url, DOMAINS, OWN) == reason


@pytest.mark.parametrize("url", ["http://[::1]:8000/x", "http://[fd00::5]/x", "http://[::ffff:127.0.0.1]/x",
                                 "http://[fe80::1]/x"])
def test_ipv6_literals_inside_are_refused_even_when_their_domain_is_allowed(url):
    domains = ("::1", "fd00::5", "::ffff:127.0.0.1", "fe80::1")
    assert refusal(url, domains, OWN) == "private-address"


def test_loopback_literal_of_another_port_is_refused_even_when_its_domain_is_allowed():
    assert refusal("http://127.0.0.1:9999/x", ("127.0.0.1",), OWN) == "private-address"


@pytest.mark.parametrize("url, needed", [
    ("http://localhost:8000/x", True),  # a name: its address must be checked
    ("https://example.org/x", False),  # the source's own host
    ("https://news.example.org/x", True),
    ("http://127.0.0.2/x", False),  # a literal, judged already
])
def test_names_other_than_the_sources_own_hosts_need_their_address_checked(url, needed):
    assert needs_resolution(url, OWN) is needed


@pytest.mark.parametrize("addresses, reason", [
    (["93.184.216.34"], None),
    (["127.0.0.1"], "private-address"),
    (["93.184.216.34", "10.0.0.7"], "private-address"),  # one inside address is enough
    (["2606:4700::1111"], None),  # a name with an AAAA record only
    (["93.184.216.34", "::1"], "private-address"),
    (["2606:4700::1111", "fd12:3456::1"], "private-address"),
    ([], "private-address"),
])
def test_resolved_addresses_must_all_be_public(addresses, reason):
    assert address_refusal(addresses) == reason
