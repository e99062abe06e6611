"""Canonical URLs: one URL per article, whatever link or feed it was reached through.

    canonical_url(url, tree=None) -> str

The page's own rel=canonical (or og:url) wins when it is an absolute or resolvable http(s) URL on
the same site (same registrable domain) and does not point at the site's home page; otherwise
the fetched URL is used. Either way the URL is normalised: scheme and host lower-cased, default
port dropped, fragment dropped, tracking parameters (data/tracking_params.txt) removed, the
remaining query parameters sorted, an empty path written "/".
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from importlib import resources
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

import tldextract
from lxml.html import HtmlElement

_DEFAULT_PORTS = {"http": 80, "https": 443}
# The public suffix list snapshot shipped with tldextract: never fetched over the network.
_EXTRACT = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True)


@lru_cache(maxsize=1)
def tracking_params() -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact names, name prefixes) from data/tracking_params.txt, lower-cased."""
    exact, prefixes = set(), []
    text = resources.files("crawler").joinpath("data/tracking_params.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line.endswith("*"):
            prefixes.append(line[:-1])
        elif line:
            exact.add(line)
    return frozenset(exact), tuple(prefixes)


def is_tracking_param(name: str) -> bool:
    exact, prefixes = tracking_params()
    name = name.lower()
    return name in exact or name.startswith(prefixes)


def normalize_url(url: str) -> str:
    """The normal form of an absolute http(s) URL (see the module docstring); other URLs unchanged
    except for surrounding whitespace."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        host = f"{userinfo}@{host}"
    return urlunsplit((scheme, host, parts.path or "/", _clean_query(parts.query), ""))


def _clean_query(query: str) -> str:
    """Tracking parameters dropped, the rest sorted by name and value; each kept parameter is
    written exactly as it came (no re-encoding)."""
    kept = []
    for raw in query.split("&"):
        if not raw:
            continue
        name, _, value = raw.partition("=")
        decoded = unquote_plus(name)
        if not is_tracking_param(decoded):
            kept.append((decoded, unquote_plus(value), raw))
    kept.sort()
    return "&".join(raw for *_, raw in kept)


def _site(host: str) -> str:
    """The registrable domain of a host; for names under no known public suffix (.example,
    .internal, .localhost) the last two labels; an IP address stands for itself."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    registered = _EXTRACT(host).top_domain_under_public_suffix
    return registered or ".".join(host.split(".")[-2:])


def _hostname(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def same_site(url_a: str, url_b: str) -> bool:
    """Do the two URLs share a registrable domain (news.example.co.uk ~ www.example.co.uk)?"""
    host_a, host_b = _hostname(url_a), _hostname(url_b)
    if not host_a or not host_b:
        return False
    return _site(host_a.lower()) == _site(host_b.lower())


def declared_canonical(tree: HtmlElement) -> list[str]:
    """The page's rel=canonical hrefs, then its og:url, in document order."""
    found = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            found.append(link.get("href").strip())
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:url" and meta.get("content"):
            found.append(meta.get("content").strip())
    return found


def canonical_url(url: str, tree: HtmlElement | None = None) -> str:
    """The canonical URL of the page fetched from `url` (its parsed HTML in `tree`, if any)."""
    fetched = normalize_url(url)
    if tree is None or _hostname(fetched) is None:
        return fetched
    fetched_path = urlsplit(fetched).path
    for href in declared_canonical(tree):
        try:
            candidate = urljoin(url, href)
            parts = urlsplit(candidate)
        except ValueError:
            continue
        if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
            continue
        if not same_site(candidate, fetched):
            continue
        if parts.path in ("", "/") and fetched_path not in ("", "/"):
            continue  # a template pointing every page at the home page
        return normalize_url(candidate)
    return fetched
