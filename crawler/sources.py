"""The sources file (`config/sources.toml`): load, validate, and describe each source.

    load_sources(path) -> tuple[Source, ...]      raises SourcesError naming file, source and key

Format (one `[[source]]` table per source):

    name = "ec-press"                  # unique; letters, digits, '-', '_', '.'
    kind = "feed"                      # feed | sitemap | pages
    urls = ["https://example.org/feed.xml"]
    allowed_domains = ["example.org"]  # each URL's host must be inside one of them
    allow = ['/\\d{4}/\\d{2}/']         # optional: article URL regexes (re.search)
    deny = ['/tag/', '/video/']        # optional
    language = "en"                    # optional ISO 639-1 code
    max_pages = 500                    # optional, per run
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from crawler.errors import SourcesError
from crawler.safety import in_domains, target

KINDS = ("feed", "sitemap", "pages")
KEYS = ("name", "kind", "urls", "allowed_domains", "allow", "deny", "language", "max_pages")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


@dataclass(frozen=True)
class Source:
    """One configured source."""

    name: str
    kind: str  # feed | sitemap | pages
    urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    language: str | None = None
    max_pages: int | None = None

    @cached_property
    def _allow_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.allow)

    @cached_property
    def _deny_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.deny)

    def denies(self, url: str) -> bool:
        """True when a deny pattern matches `url`."""
        return any(p.search(url) for p in self._deny_res)

    def is_article_url(self, url: str) -> bool:
        """True when `url` matches an allow pattern (or there are none) and no deny pattern."""
        if self.denies(url):
            return False
        return not self.allow or any(p.search(url) for p in self._allow_res)

    def in_domains(self, host: str) -> bool:
        """True when `host` is one of the allowed domains or a subdomain of one."""
        return in_domains(host, self.allowed_domains)

    @cached_property
    def own_hosts(self) -> frozenset[tuple[str, int]]:
        """(host, port) of each configured URL: the only addresses exempt from the private-address rule."""
        return frozenset(t[1:] for u in self.urls if (t := target(u)))

    def page_cap(self, default: int) -> int:
        return self.max_pages if self.max_pages is not None else default


def load_sources(path: Path | str) -> tuple[Source, ...]:
    """Read and validate a sources file; raise SourcesError naming the file, source and key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: sources file not found") from None
    except OSError as e:
        raise SourcesError(f"{path}: cannot read sources file: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise SourcesError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise SourcesError(f"{path}: not valid TOML: {e}") from None
    return parse_sources(raw, str(path))


def parse_sources(raw: dict, where: str = "sources") -> tuple[Source, ...]:
    """Validate the parsed TOML of a sources file (pure)."""
    extra = sorted(set(raw) - {"source"})
    if extra:
        raise SourcesError(f"{where}: unknown top-level key {extra[0]!r} (expected [[source]] tables)")
    tables = raw.get("source")
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{where}: no [[source]] tables found")
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for i, table in enumerate(tables, start=1):
        src = _parse_one(table, where, i)
        if src.name in seen:
            raise SourcesError(
                f"{where}: source {src.name!r} (#{i}): key 'name': duplicate of source #{seen[src.name]}"
            )
        seen[src.name] = i
        sources.append(src)
    return tuple(sources)


def _parse_one(table: dict, where: str, index: int) -> Source:
    name = table.get("name")
    label = f"source {name!r} (#{index})" if isinstance(name, str) and name else f"source #{index}"

    def fail(key: str, message: str) -> SourcesError:
        return SourcesError(f"{where}: {label}: key {key!r}: {message}")

    for key in table:
        if key not in KEYS:
            raise fail(key, f"unknown key (known keys: {', '.join(KEYS)})")
    for key in ("name", "kind", "urls", "allowed_domains"):
        if key not in table:
            raise fail(key, "missing (required)")
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("name", f"must be a string of letters, digits, '-', '_' or '.', got {name!r}")
    kind = table["kind"]
    if kind not in KINDS:
        raise fail("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")

    domains = _string_list(table["allowed_domains"], "allowed_domains", fail, required=True)
    domains = tuple(d.lower().rstrip(".") for d in domains)
    for d in domains:
        if not _DOMAIN.match(d) or "://" in d or "/" in d:
            raise fail("allowed_domains", f"{d!r} is not a domain name (no scheme, port or path)")

    urls = _string_list(table["urls"], "urls", fail, required=True)
    for u in urls:
        parts = urlsplit(u)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail("urls", f"{u!r} is not an http(s) URL")
        try:
            parts.port
        except ValueError:
            raise fail("urls", f"{u!r} has an invalid port") from None
        host = parts.hostname.lower().rstrip(".")
        if not in_domains(host, domains):
            raise fail("urls", f"{u!r}: host {host!r} is outside allowed_domains {list(domains)}")

    patterns = {}
    for key in ("allow", "deny"):
        patterns[key] = _string_list(table.get(key, []), key, fail, required=False)
        for p in patterns[key]:
            try:
                re.compile(p)
            except re.error as e:
                raise fail(key, f"invalid regular expression {p!r}: {e}") from None

    language = table.get("language")
    if language is not None and (not isinstance(language, str) or not _LANGUAGE.match(language)):
        raise fail("language", f"must be an ISO 639-1 code such as 'en', got {language!r}")

    max_pages = table.get("max_pages")
    if max_pages is not None and (isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1):
        raise fail("max_pages", f"must be a positive integer, got {max_pages!r}")

    return Source(
        name=name, kind=kind, urls=urls, allowed_domains=domains,
        allow=patterns["allow"], deny=patterns["deny"], language=language, max_pages=max_pages,
    )


def _string_list(value, key, fail, *, required: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise fail(key, f"must be a list of non-empty strings, got {value!r}")
    if required and not value:
        raise fail(key, "must not be empty")
    return tuple(value)
