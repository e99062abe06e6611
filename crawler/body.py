"""The article body of a parsed page, as clean text.

    extract_body(tree, titles=(), url=None) -> str   # paragraphs separated by blank lines

trafilatura does the main work (fast mode, comments off) on a copy of the tree from which
crawler.pruning has dropped captions, credits, share/related/newsletter blocks, story cards and
link lists. Two things it misses are handled here: article bodies split into several
containers of the same class (ads between them), of which it keeps only the first; and
furniture lines left in its output (crawler.boilerplate.clean_lines).
"""

from __future__ import annotations

from copy import copy, deepcopy
from functools import lru_cache

import trafilatura
from trafilatura.settings import Extractor
from lxml import html
from lxml.html import HtmlElement

from crawler.boilerplate import clean_lines
from crawler.pruning import link_texts, prune_tree, unwrap_layout_tables
from crawler.words import word_count

_MIN_KEY_WORDS = 12  # a paragraph this long identifies its container
_GROWTH = 1.2  # the merged extraction must be this much longer to be preferred


@lru_cache(maxsize=1)
def _extractor() -> Extractor:
    """trafilatura's options for our calls, built once: bare_extraction would build them (and read
    its config file's values) on every call."""
    return Extractor(output_format="python", fast=True, comments=False, tables=True, with_metadata=False)


def _trafilatura_lines(tree: HtmlElement, url: str | None) -> list[str]:
    options = copy(_extractor())
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    document = trafilatura.bare_extraction(tree, options=options)
    if document is None or not document.text:
        return []
    return document.text.split("\n")


def _container_of_first_paragraph(tree: HtmlElement, lines: list[str]) -> HtmlElement | None:
    wanted = {" ".join(line.split()) for line in lines if word_count(line) >= _MIN_KEY_WORDS}
    if not wanted:
        return None
    for paragraph in tree.iter("p"):
        if " ".join(paragraph.text_content().split()) in wanted:
            return paragraph.getparent()
    return None


def _nearest_article(element: HtmlElement) -> HtmlElement | None:
    return next((a for a in element.iterancestors("article")), None)


def _split_body(tree: HtmlElement, lines: list[str]) -> list[HtmlElement]:
    """The containers sharing the tag and class of the one holding the extracted text, if the
    body is split over several (in document order); else []."""
    container = _container_of_first_paragraph(tree, lines)
    if container is None or not container.get("class") or container.tag in ("body", "html"):
        return []
    siblings = tree.xpath(f"//{container.tag}[@class=$c]", c=container.get("class"))
    article = _nearest_article(container)
    siblings = [s for s in siblings
                if _nearest_article(s) is article and s.find(".//h1") is None
                and not any(a in siblings for a in s.iterancestors())]
    return siblings if len(siblings) > 1 else []


def extract_body(tree: HtmlElement, titles: tuple[str, ...] = (), url: str | None = None) -> str:
    """The article text of a parsed page: paragraphs separated by blank lines ("" if none).
    `titles` are the page's headlines, dropped where the text repeats one at its start.
    `tree` is not modified."""
    work = deepcopy(tree)
    prune_tree(work)
    unwrap_layout_tables(work)
    lines = _trafilatura_lines(work, url)
    parts = _split_body(work, lines)
    if parts:
        # one container holding all the parts' content: given several, trafilatura picks one
        merged, body = html.Element("html"), html.Element("body")
        article = html.Element("article")
        container = html.Element(parts[0].tag, {"class": parts[0].get("class")})
        merged.append(body)
        body.append(article)
        article.append(container)
        for part in parts:
            if part.text and part.text.strip():
                paragraph = html.Element("p")
                paragraph.text = part.text
                container.append(paragraph)
            container.extend(deepcopy(child) for child in part)
        merged_lines = _trafilatura_lines(merged, url)
        if sum(map(len, merged_lines)) > _GROWTH * sum(map(len, lines)):
            lines = merged_lines
    return "\n\n".join(clean_lines(lines, titles, link_texts(tree)))
