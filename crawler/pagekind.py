"""Is a parsed page an article? Error pages, video pages, paywall stubs, index and tag pages
(mostly links) and too-short pages are not.

    unusable_markup(markup) -> reason | None     # before parsing: empty input, binary data
    not_an_article(tree, meta, text) -> reason | None

Reasons are short fixed strings, used as drop counters by the crawl: "empty", "not-html",
"error-page", "video-only", "paywall", "link-list", "no-body", "too-short".

A page that declares itself an article (schema.org Article types, og:type article) is never a
link list; others are when schema.org calls them a collection, or when they hold several
headline links and little prose, or a row of story cards (headline link and teaser) whose
teasers make up most of the extracted text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from lxml.html import HtmlElement

from crawler.metadata import ARTICLE_TYPES, LISTING_TYPES, VIDEO_TYPES, PageMetadata
from crawler.pruning import story_cards
from crawler.words import word_count

MIN_WORDS = 25  # shorter than a news brief: not an article
SHORT_WORDS = 150  # a paywall, video or error page may carry this much text besides
MIN_HEADLINE_LINKS = 6  # an index page links to at least this many stories
PROSE_WORDS = 30  # a paragraph this long is prose, not a teaser or a caption

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ERROR_TITLE = re.compile(
    r"(^|\W)(404|410|500|502|503)(\W|$)|page (not found|introuvable|nicht gefunden)|not found|"
    r"no encontrad[ao]|non trovat[ao]|niet gevonden|server error|access denied|forbidden|"
    r"^error\b|seite nicht|page doesn.t exist|page does not exist|page unavailable",
    re.IGNORECASE)
_VIDEO_SRC = re.compile(r"youtube\.com|youtu\.be|vimeo\.com|dailymotion\.com|jwplayer|brightcove|"
                        r"player\.|/embed/|/video/", re.IGNORECASE)
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_LAYOUT_ANCESTORS = {"nav", "header", "footer", "aside", "menu"}


@lru_cache(maxsize=1)
def paywall_phrases() -> tuple[str, ...]:
    text = resources.files("crawler").joinpath("data/paywall_phrases.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def unusable_markup(markup: str) -> str | None:
    """'empty' or 'not-html' for input no parser should see, else None."""
    if not markup or not markup.strip():
        return "empty"
    head = markup[:4096]
    if len(_BINARY.findall(head)) > 0.05 * len(head):
        return "not-html"
    if "<" not in markup:
        return "not-html"
    return None


def _words(element: HtmlElement) -> int:
    return len(_WORD.findall(element.text_content()))


def _in_layout(element: HtmlElement) -> bool:
    return any(a.tag in _LAYOUT_ANCESTORS for a in element.iterancestors())


def headline_links(tree: HtmlElement) -> int:
    """Links that look like story headlines (four words or more) outside navigation chrome."""
    count = 0
    for a in tree.iter("a"):
        if len(_WORD.findall(a.text_content())) >= 4 and not _in_layout(a):
            count += 1
    return count


MIN_CARDS = 5  # an index page repeats at least this many story cards (headline link + teaser)


def teaser_cards(tree: HtmlElement) -> tuple[int, frozenset[str]]:
    """How many cards the largest group of story cards has, and their paragraph texts."""
    groups = story_cards(tree)
    if not groups:
        return 0, frozenset()
    teasers = frozenset(" ".join(p.text_content().split()) for card in groups[0] for p in card.iter("p"))
    return len(groups[0]), teasers


def _prose_paragraphs(text: str) -> int:
    return sum(1 for p in text.split("\n\n") if word_count(p) >= PROSE_WORDS)


def _title_text(tree: HtmlElement, meta: PageMetadata) -> str:
    title = tree.find(".//title")
    parts = [title.text_content() if title is not None else "", meta.title or ""]
    parts += [h.text_content() for h in tree.iter("h1")][:1]
    return " ".join(" | ".join(parts).split())


def _has_video(tree: HtmlElement) -> bool:
    if tree.find(".//video") is not None:
        return True
    return any(_VIDEO_SRC.search(f.get("src") or "") for f in tree.iter("iframe", "embed"))


def _paywalled(tree: HtmlElement, meta: PageMetadata) -> bool:
    """Does the page say it is not free (schema.org) or show a subscription wall's words?
    (Class names such as "paywall" are not evidence: free pages carry the log-in widgets too.)"""
    if meta.accessible_for_free is False:
        return True
    body = tree.find("body")
    page_text = " ".join((body if body is not None else tree).text_content().lower().split())
    return any(phrase in page_text for phrase in paywall_phrases())


def not_an_article(tree: HtmlElement, meta: PageMetadata, text: str) -> str | None:
    """Why this page is not an article (see the module docstring), or None if it is one."""
    words = word_count(text)
    declared_article = bool(meta.jsonld_types & ARTICLE_TYPES) or (meta.og_type or "").lower() == "article"
    if words < SHORT_WORDS and _ERROR_TITLE.search(_title_text(tree, meta)):
        return "error-page"
    og_video = (meta.og_type or "").lower().startswith("video")
    video_typed = og_video or bool(meta.jsonld_types & VIDEO_TYPES and not meta.jsonld_types & ARTICLE_TYPES)
    if words < SHORT_WORDS and video_typed and not declared_article:
        return "video-only"
    if words < MIN_WORDS * 2 and _has_video(tree):
        return "video-only"
    if words < SHORT_WORDS and _paywalled(tree, meta):
        return "paywall"
    if not declared_article:
        if meta.jsonld_types & LISTING_TYPES:
            return "link-list"
        prose = _prose_paragraphs(text)
        if prose < 3 and headline_links(tree) >= MIN_HEADLINE_LINKS and (prose == 0 or words < MIN_WORDS):
            return "link-list"
        cards, teasers = teaser_cards(tree)
        if cards >= MIN_CARDS and teasers:
            teaser_words = sum(word_count(p) for p in text.split("\n\n") if p in teasers)
            if teaser_words >= 0.5 * words:
                return "link-list"
    if not text.strip():
        return "no-body"
    if words < MIN_WORDS:
        return "too-short"
    return None
