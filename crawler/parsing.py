"""Article pages -> Article records. Pure: no network, no disk, no clock.

    parse_page(url, html, hints=None, encoding=None) -> Article | NotAnArticle
    parse_article(url, html, hints=None) -> Article | None
    canonical_url(url, tree=None) -> str          (from crawler.canonical)

Steps: decode bytes (crawler.encoding), parse once with lxml (crawler.markup), read what the
page declares about itself (crawler.metadata), extract the body text (crawler.body: furniture
pruned, trafilatura, furniture lines filtered), decide whether the page is an article at all
(crawler.pagekind), and fill the record from page metadata, feed hints, the text (language)
and, last, a date written in the page.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler import pagekind
from crawler.body import extract_body
from crawler.canonical import canonical_url
from crawler.dates import to_iso
from crawler.encoding import decode_html
from crawler.language import choose_language
from crawler.markup import parse_html
from crawler.metadata import PageMetadata, first_time_element, language_code, read_metadata, visible_date
from crawler.records import Article, NotAnArticle, PageHints

__all__ = ["Article", "NotAnArticle", "PageHints", "canonical_url", "parse_article", "parse_page"]


def _published(meta: PageMetadata, tree: HtmlElement, hints: PageHints, url: str) -> str | None:
    latest = hints.fetched_at
    return (meta.published
            or to_iso(hints.published, latest)
            or first_time_element(tree, latest)
            or visible_date(tree, url, latest))


def parse_page(url: str, html: str | bytes, hints: PageHints | None = None,
               encoding: str | None = None) -> Article | NotAnArticle:
    """Parse one fetched page. `encoding` is the charset from the HTTP header, if any; bytes
    are decoded robustly whatever the page declares. Never raises on bad input."""
    hints = hints or PageHints()
    markup = decode_html(html, encoding) if isinstance(html, (bytes, bytearray)) else (html or "")
    problem = pagekind.unusable_markup(markup)
    if problem:
        return NotAnArticle(url, problem)
    tree = parse_html(markup)
    if tree is None:
        return NotAnArticle(url, "not-html")
    meta = read_metadata(tree, url, hints.fetched_at)
    title = meta.title or (" ".join(hints.title.split()) if hints.title else None) or meta.title_tag
    text = extract_body(tree, tuple(t for t in (title, *meta.headlines) if t), url)
    reason = pagekind.not_an_article(tree, meta, text)
    if reason:
        return NotAnArticle(url, reason)
    language = choose_language(meta.language, language_code(hints.language), text)
    return Article(
        url=canonical_url(url, tree),
        title=title,
        author=meta.author or (" ".join(hints.author.split()) if hints.author else None),
        published=_published(meta, tree, hints, url),
        language=language,
        text=text,
    )


def parse_article(url: str, html: str | bytes, hints: PageHints | None = None) -> Article | None:
    """parse_page for callers that only want articles: None for anything else."""
    result = parse_page(url, html, hints)
    return result if isinstance(result, Article) else None
