"""Records the crawler produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Article:
    """One article page, parsed: what `crawler.parsing.parse_article` returns."""

    url: str  # canonical URL, tracking parameters removed
    title: str | None
    author: str | None
    published: str | None  # ISO 8601 date or datetime
    language: str | None  # ISO 639-1 code
    text: str  # clean body text, paragraphs separated by blank lines


@dataclass(frozen=True)
class SpoolRecord:
    """One line of a spool file: an article plus what the crawl knew when it fetched it.

    This is the contract between the crawler and `pipeline` ingest; its JSON keys are the
    field names below.
    """

    url: str
    source: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    text: str
    content_hash: str  # sha256 hex of `text`
    fetched_at: str  # ISO 8601 UTC
    etag: str | None
    last_modified: str | None
    requested_url: str  # the URL fetched, before canonicalisation

    def to_json_dict(self) -> dict:
        return asdict(self)
