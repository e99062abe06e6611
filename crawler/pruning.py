"""Page furniture pruned from a parsed page before its text is extracted.

    prune_tree(tree) -> int              # in place; returns the number of elements dropped
    story_cards(tree) -> list[list[...]] # rows of headline-link cards, largest first
    link_texts(tree) -> frozenset[str]   # the page's headline-length link texts, normalised
    unwrap_layout_tables(tree) -> int    # in place: layout tables become plain blocks

Dropped: <figcaption>s and captions set as paragraphs between an image and its credit; blocks
whose class or id names them as furniture (data/boilerplate_blocks.txt: captions, credits,
related, share, newsletter, ad, cookie blocks...) unless they hold the article; rows of story
cards; lists of links; paragraphs and subheadings that are one link.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from crawler.boilerplate import data_patterns, is_photo_credit, normal_text

# Elements never pruned by the class/id patterns, whatever their names say.
_PROTECTED_TAGS = frozenset({"html", "body", "article", "main"})
# A block holding at least this share of the page's paragraph text is the article, not furniture.
_MAX_PRUNED_SHARE = 0.4
# A list or paragraph whose text is at least this much link text is a list of links.
_LINK_LIST_SHARE = 0.8
_LINK_PARAGRAPH_SHARE = 0.9
# This many cards of one kind (headline link and teaser) make a row of links to other stories.
_MIN_CARDS = 3
_MAX_CARD_SHARE = 0.6  # cards holding more of the page's text than this are its content


@lru_cache(maxsize=1)
def block_pattern() -> re.Pattern:
    """One pattern for all of data/boilerplate_blocks.txt, matched against lower-cased names."""
    return re.compile("|".join(f"(?:{p})" for p in data_patterns("boilerplate_blocks.txt")))


@lru_cache(maxsize=8192)
def is_furniture_name(names: str) -> bool:
    """Do these class/id names mark a block as page furniture? (Cached: sites repeat them.)"""
    return block_pattern().search(names.lower()) is not None


_TEXT_LEN = etree.XPath("string-length(normalize-space())")


def _text_len(element: HtmlElement) -> int:
    return int(_TEXT_LEN(element))


def _link_text_len(element: HtmlElement) -> int:
    return sum(int(_TEXT_LEN(a)) for a in element.iter("a"))


def _paragraph_text_len(element: HtmlElement) -> int:
    return sum(int(_TEXT_LEN(p)) for p in element.iter("p"))


def _remove(element: HtmlElement) -> None:
    """Drop an element but keep its tail text (it belongs to the parent)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# Block-level elements worth dropping as a whole; inline ones (links, icons, buttons) are left to
# trafilatura, and skipping them keeps this scan cheap.
_BLOCK_TAGS = ("div", "section", "aside", "span", "ul", "ol", "li", "p", "figure", "header", "footer",
               "nav", "form", "table", "dl", "blockquote")


def _furniture_blocks(tree: HtmlElement) -> list[HtmlElement]:
    """Block elements in <body> whose class or id names them as furniture, in document order."""
    body = tree.find("body")
    if body is None:
        return []
    found = []
    for element in body.iter(*_BLOCK_TAGS):
        names = element.get("class"), element.get("id")
        if (names[0] or names[1]) and is_furniture_name(f"{names[0] or ''} {names[1] or ''}"):
            found.append(element)
    return found


_CAPTION_MAX_WORDS = 40
_IMAGE_HOLDERS = ("p", "div", "figure", "picture", "a", "span", "center")


def _image_block(img: HtmlElement) -> HtmlElement:
    """The block holding an image and (almost) nothing else (a few words at most):
    <p><a><img></a></p> -> <p>."""
    block = img
    while block.getparent() is not None and block.getparent().tag in _IMAGE_HOLDERS \
            and _text_len(block.getparent()) <= 30:
        block = block.getparent()
    return block


def _drop_loose_captions(tree: HtmlElement) -> int:
    """Captions set as plain paragraphs after an image: a credit line right after the image is
    dropped, and so is a short line between the image and a credit line."""
    dropped = 0
    for img in list(tree.iter("img")):
        block = _image_block(img)
        if block.getparent() is None:
            continue
        following = []
        for sibling in block.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            following.append(sibling)
            if len(following) == 2:
                break
        texts = [" ".join(s.text_content().split()) for s in following]
        if texts and is_photo_credit(texts[0]):
            _remove(following[0])
            dropped += 1
        elif len(texts) == 2 and is_photo_credit(texts[1]) and 0 < len(texts[0].split()) <= _CAPTION_MAX_WORDS:
            _remove(following[0])
            _remove(following[1])
            dropped += 2
    return dropped


_CARD_TAGS = frozenset({"li", "article", "div", "section"})
_HEADLINE_LINKS = etree.XPath(
    "//a[string-length(normalize-space()) >= 16]"
    "[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside or ancestor::menu)]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CARD_MAX_WORDS = 80


def _leads_with(card: HtmlElement, headline: str) -> bool:
    """Does the card open with the headline (after at most a short label such as a section or
    date), as story cards do, rather than link it from inside a sentence?"""
    text = " ".join(card.text_content().split())
    before, found, _ = text.partition(headline)
    return bool(found) and len(before.split()) <= 4


def story_cards(tree: HtmlElement) -> list[list[HtmlElement]]:
    """Groups of story cards, largest first: blocks of one tag and class (a list item, a div...)
    that open with a headline link (four words or more) followed by at most a short teaser,
    outside navigation chrome."""
    groups: dict[tuple, dict[HtmlElement, None]] = {}
    for a in _HEADLINE_LINKS(tree):
        headline = " ".join(a.text_content().split())
        if len(_WORD.findall(headline)) < 4:
            continue
        card = a
        for _ in range(4):
            parent = card.getparent()
            if parent is None:
                break
            card = parent
            if card.tag in _CARD_TAGS and card.get("class"):
                break
        if card is not a and card.tag in _CARD_TAGS and card.get("class") and _leads_with(card, headline):
            groups.setdefault((card.tag, card.get("class")), {})[card] = None
    cards = [[c for c in group if len(_WORD.findall(c.text_content())) <= _CARD_MAX_WORDS]
             for group in groups.values()]
    return sorted((c for c in cards if c), key=len, reverse=True)


def prune_tree(tree: HtmlElement) -> int:
    """Drop captions, photo credits, related-link and share blocks, link lists and link-only
    paragraphs from `tree` (in place). Returns how many elements were dropped."""
    dropped = 0
    for element in list(tree.iter("figcaption")):
        _remove(element)
        dropped += 1
    dropped += _drop_loose_captions(tree)
    total_p = _paragraph_text_len(tree) or 1
    for element in _furniture_blocks(tree):
        if element.get("itemprop") == "articleBody" or element.find('.//*[@itemprop="articleBody"]') is not None:
            continue
        if element.find(".//h1") is not None or _paragraph_text_len(element) >= _MAX_PRUNED_SHARE * total_p:
            continue
        _remove(element)
        dropped += 1
    body_text = _text_len(tree.find("body") if tree.find("body") is not None else tree) or 1
    for group in story_cards(tree):
        # a row of cards holding most of the page's text is the page's content (an index page,
        # or paragraphs that happen to look like cards): pagekind judges it, pruning does not
        if len(group) < _MIN_CARDS or sum(map(_text_len, group)) >= _MAX_CARD_SHARE * body_text:
            continue
        for card in group:
            if card.find(".//h1") is None:
                _remove(card)
                dropped += 1
    for element in list(tree.iter("ul", "ol")):
        if sum(1 for child in element if child.tag == "li") < 2:
            continue
        total = _text_len(element)
        if total and _link_text_len(element) >= _LINK_LIST_SHARE * total:
            _remove(element)
            dropped += 1
    for element in list(tree.iter("p", "h2", "h3", "h4", "h5", "h6")):
        total = _text_len(element)
        if total < 12 or element.find(".//a") is None:
            continue
        if len(element.text_content().split()) >= 3 and _link_text_len(element) >= _LINK_PARAGRAPH_SHARE * total:
            _remove(element)
            dropped += 1
    return dropped


_LONG_LINKS = etree.XPath("//a[string-length(normalize-space()) >= 16]")


_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")
_LAYOUT_CELL_CHARS = 500  # a data table's cell is never this long


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Tables used for page layout (old sites set whole pages in them) become plain blocks, so
    that their cells are read as text and not as one table row. A table is a layout table if it
    holds another table, or a cell holds paragraphs or headings, or a cell is very long."""
    unwrapped = 0
    for table in list(tree.iter("table")):
        if table.get("role") in ("presentation", "none"):
            continue
        cells = table.xpath(".//td | .//th")
        layout = table.find(".//table") is not None or any(
            cell.find(".//p") is not None or cell.find(".//h1") is not None or cell.find(".//h2") is not None
            or _text_len(cell) >= _LAYOUT_CELL_CHARS for cell in cells)
        if not layout:
            continue
        for element in [table, *table.iter(*_TABLE_PARTS)]:
            element.tag = "div"
        unwrapped += 1
    return unwrapped


def link_texts(tree: HtmlElement) -> frozenset[str]:
    """The texts of the page's links of four words or more, normalised (for
    crawler.boilerplate.clean_lines, which drops runs of lines that are only such links)."""
    found = set()
    for a in _LONG_LINKS(tree):
        text = normal_text(a.text_content())
        if text.count(" ") >= 3:
            found.add(text)
    return frozenset(found)
