"""Article pages -> Article records. Pure: no network, no disk.

    parse_page(url, html, hints=None, encoding=None) -> Article | NotAnArticle
    parse_article(url, html, hints=None) -> Article | None

First version: trafilatura with feed hints. To be improved (boilerplate, dates, non-articles).
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from crawler.records import Article


@dataclass(frozen=True)
class PageHints:
    """What a feed or sitemap said about a page before it was fetched."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class NotAnArticle:
    """A page that is not an article, and why (a short reason, used as a drop counter key)."""

    url: str
    reason: str


def _decode(html: str | bytes, encoding: str | None) -> str:
    if isinstance(html, str):
        return html
    for enc in (encoding, "utf-8"):
        if enc:
            try:
                return html.decode(enc)
            except (LookupError, UnicodeDecodeError):
                continue
    return html.decode("utf-8", errors="replace")


def parse_page(url: str, html: str | bytes, hints: PageHints | None = None,
               encoding: str | None = None) -> Article | NotAnArticle:
    hints = hints or PageHints()
    doc = trafilatura.bare_extraction(_decode(html, encoding), url=url, with_metadata=True,
                                      include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        return NotAnArticle(url, "no-body")
    text = doc.text.strip()
    if len(text.split()) < 50:
        return NotAnArticle(url, "too-short")
    return Article(
        url=url,
        title=doc.title or hints.title,
        author=doc.author or hints.author,
        published=doc.date or hints.published,
        language=doc.language or hints.language,
        text=text,
    )


def parse_article(url: str, html: str | bytes, hints: PageHints | None = None) -> Article | None:
    result = parse_page(url, html, hints)
    return result if isinstance(result, Article) else None
