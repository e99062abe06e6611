"""Records the crawler produces (and what it knows of a page before parsing it): plain data,
no parsing code, so the crawl process loads the parser (trafilatura, lxml) only when it parses."""

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


@dataclass(frozen=True)
class PageHints:
    """What the crawl knew about a page before parsing it: the feed's or sitemap's title, date,
    author and language, and when the page was fetched (an ISO 8601 datetime; dates after it are
    not publication dates)."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None
    fetched_at: str | None = None


@dataclass(frozen=True)
class NotAnArticle:
    """A page that is not an article, and why (a short reason, used as a drop counter key):
    empty, not-html, error-page, paywall, video-only, link-list, no-body, too-short."""

    url: str
    reason: str
