"""Where the crawler may send a request (DESIGN.md, "Safety rules for the crawler"). Pure.

    refusal(url, allowed_domains, own_hosts) -> reason | None     before name resolution
    needs_resolution(url, own_hosts) -> bool                      a name whose address must be checked
    address_refusal(addresses) -> reason | None                   after name resolution

Only http and https. A host must be one of the source's allowed domains or below one. Loopback,
private, link-local, shared, multicast and reserved addresses, IPv4 and IPv6 alike, are refused,
on the literal host and on every address a name resolves to (A and AAAA records), except the
exact (host, port) pairs a source is configured with (a test site on 127.0.0.1:PORT is allowed
for that port only).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})

# Reasons, used as drop counter keys in the crawl summary.
UNSAFE_SCHEME = "unsafe-scheme"
BAD_URL = "bad-url"
OFFSITE = "offsite"
PRIVATE_ADDRESS = "private-address"


def target(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL, or None when it has no usable host or port."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return None
    scheme = parts.scheme.lower()
    return scheme, host, port or (443 if scheme == "https" else 80)


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
_NAT64_V6 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: an IPv4 address in the last 32 bits
# Not global although inside 2000::/3, and missing from the `ipaddress` of older Pythons:
_NOT_GLOBAL_V6 = (ipaddress.ip_network("3fff::/20"),)  # documentation (RFC 9637)


def is_public(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for a globally routable unicast address; False for anything inside or reserved.

    IPv6: only global unicast (2000::/3, less what IANA reserves there: documentation, Teredo,
    ...) is public, so ::1, fc00::/7, fe80::/10, fec0::/10 and multicast are not. An IPv6 form of
    an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:aabb:ccdd::) is judged
    by that IPv4 address; the deprecated IPv4-compatible ::a.b.c.d is not public. A scoped address
    (fe80::1%eth0) is not public.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64_V6:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
        if ip not in _GLOBAL_UNICAST_V6 or any(ip in net for net in _NOT_GLOBAL_V6):
            return False
    return ip.is_global and not ip.is_multicast


def in_domains(host: str, allowed_domains: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in allowed_domains)


def refusal(url: str, allowed_domains: Iterable[str], own_hosts: frozenset[tuple[str, int]]) -> str | None:
    """Why `url` must not be requested, judged before name resolution; None when it may go on."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return UNSAFE_SCHEME
    t = target(url)
    if t is None:
        return BAD_URL
    _, host, port = t
    if (host, port) in own_hosts:
        return None
    if not in_domains(host, allowed_domains):
        return OFFSITE
    ip = ip_literal(host)
    if ip is not None and not is_public(ip):
        return PRIVATE_ADDRESS
    return None


def needs_resolution(url: str, own_hosts: frozenset[tuple[str, int]]) -> bool:
    """True when `url`'s host is a name (not an address) and not one of the source's own hosts."""
    t = target(url)
    if t is None:
        return False
    _, host, port = t
    return (host, port) not in own_hosts and ip_literal(host) is None


def address_refusal(addresses: Iterable[str]) -> str | None:
    """PRIVATE_ADDRESS when any resolved address is not public (or none resolved), else None."""
    addresses = list(addresses)
    if not addresses or not all(is_public(a) for a in addresses):
        return PRIVATE_ADDRESS
    return None
