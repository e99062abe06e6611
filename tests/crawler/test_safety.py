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
    ([], "private-address"),
])
def test_resolved_addresses_must_all_be_public(addresses, reason):
    assert address_refusal(addresses) == reason
