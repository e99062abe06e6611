"""Page furniture around the article text: pruned from the tree before extraction, and filtered
from the extracted lines after it.

    prune_tree(tree) -> int                      # in place; returns the number of elements dropped
    clean_lines(lines, title=None) -> list[str]  # the lines that are article text

The class/id patterns (data/boilerplate_blocks.txt) and line patterns
(data/boilerplate_lines.txt) are data; the rules that use them are here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from lxml import etree
from lxml.html import HtmlElement

from crawler.dates import day_names, month_numbers
from crawler.words import SENTENCE_ENDS, word_count

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


def _patterns(name: str) -> list[str]:
    text = resources.files("crawler").joinpath(f"data/{name}").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def block_pattern() -> re.Pattern:
    """One pattern for all of data/boilerplate_blocks.txt, matched against lower-cased names."""
    return re.compile("|".join(f"(?:{p})" for p in _patterns("boilerplate_blocks.txt")))


@lru_cache(maxsize=1)
def credit_pattern() -> re.Pattern:
    """One pattern for all of data/photo_credits.txt."""
    return re.compile("|".join(f"(?:{p})" for p in _patterns("photo_credits.txt")), re.IGNORECASE)


@lru_cache(maxsize=8192)
def is_furniture_name(names: str) -> bool:
    """Do these class/id names mark a block as page furniture? (Cached: sites repeat them.)"""
    return block_pattern().search(names.lower()) is not None


@lru_cache(maxsize=1)
def line_pattern() -> re.Pattern:
    """One pattern for all of data/boilerplate_lines.txt (each anchored at the line start)."""
    return re.compile("|".join(f"(?:{p})" for p in _patterns("boilerplate_lines.txt")), re.IGNORECASE)


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


_BULLET = re.compile(r"^\s*(?:[-•*·▪►»]\s+|\d{1,2}[.)]\s+)?")
_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_TOKEN = re.compile(r"\d{1,2}:\d{2}|\d+|[^\W\d_]+", re.UNICODE)
_DATE_FILLER = frozenset({
    "am", "pm", "a", "p", "m", "at", "on", "by", "um", "uhr", "de", "às", "le", "el", "il", "the", "of", "feira",
    "updated", "published", "posted", "modified", "last", "gmt", "utc", "est", "edt", "cst", "cdt",
    "mst", "mdt", "pst", "pdt", "bst", "cet", "cest", "ist", "jst", "amt", "msk", "hkt", "sgt", "aest",
})


def _normal(text: str) -> str:
    return _ALNUM.sub(" ", text.lower()).strip()


def is_photo_credit(line: str) -> bool:
    """Is this line a photo credit or image label ("NurPhoto | NurPhoto | Getty Images")?"""
    return credit_pattern().match(" ".join(line.split())) is not None


def is_boilerplate_line(line: str) -> bool:
    """Does this one line match a furniture pattern (data/boilerplate_lines.txt) or a photo
    credit (data/photo_credits.txt)?"""
    bare = _BULLET.sub("", line).strip()
    if not bare:
        return True
    return line_pattern().match(bare) is not None or credit_pattern().match(bare) is not None


def is_dateline(line: str) -> bool:
    """A line that only says when (and perhaps by whom): "November 20, 2019 - 11:28 AMT"."""
    tokens = _TOKEN.findall(line.lower())
    if not tokens or len(tokens) > 14:
        return False
    months, days = month_numbers(), day_names()
    datey = [t for t in tokens if t.isdigit() or ":" in t or t in months or t in days or t in _DATE_FILLER]
    if not any(t.isdigit() and len(t) == 4 or ":" in t for t in tokens):
        return False
    return len(datey) >= 0.6 * len(tokens)


def _same_text(a: str, b: str) -> bool:
    a, b = _normal(a), _normal(b)
    if not a or not b:
        return False
    return a == b or (len(a) > 20 and len(b) > 20 and (a in b or b in a) and min(len(a), len(b)) >= 0.8 * max(len(a), len(b)))


MENU_RUN = 6  # this many short lines in a row, none of them a list item, are a menu or tag cloud
_MENU_LINE_WORDS = 4


def _drop_menu_runs(lines: list[str]) -> list[str]:
    def menu_like(line: str) -> bool:
        return len(line) <= 12 * _MENU_LINE_WORDS and not line.endswith(SENTENCE_ENDS) \
            and not _BULLET.match(line).group() and word_count(line) <= _MENU_LINE_WORDS

    kept: list[str] = []
    run: list[str] = []
    for line in lines + [""]:
        if line and menu_like(line):
            run.append(line)
            continue
        if len(run) < MENU_RUN:
            kept.extend(run)
        run = []
        if line:
            kept.append(line)
    return kept


_LONG_LINKS = etree.XPath("//a[string-length(normalize-space()) >= 16]")


def link_texts(tree: HtmlElement) -> frozenset[str]:
    """The texts of the page's links of four words or more, normalised, for `clean_lines`."""
    found = set()
    for a in _LONG_LINKS(tree):
        text = _normal(a.text_content())
        if text.count(" ") >= 3:
            found.add(text)
    return frozenset(found)


def is_link_line(line: str, links: frozenset[str]) -> bool:
    """Is (almost) all of this line the text of one link on the page: a headline pointing
    elsewhere?"""
    text = _normal(_BULLET.sub("", line))
    if not text or text.count(" ") < 3:
        return False
    if text in links:
        return True
    floor = _LINK_PARAGRAPH_SHARE * len(text)
    return any(len(link) >= floor and link in text for link in links if len(link) <= len(text))


def _drop_link_runs(lines: list[str], links: frozenset[str]) -> list[str]:
    """Lines that are link texts, two or more in a row: a list of headlines pointing elsewhere.
    (A lone linked line may be a quotation set as a click-to-tweet link.)"""
    if not links:
        return lines
    longest = max(map(len, links)) / _LINK_PARAGRAPH_SHARE + 8  # room for a bullet and punctuation
    flags = [len(line) <= longest and is_link_line(line, links) for line in lines]
    kept = []
    for index, line in enumerate(lines):
        in_run = flags[index] and ((index > 0 and flags[index - 1]) or (index + 1 < len(lines) and flags[index + 1]))
        if not in_run:
            kept.append(line)
    return kept


def clean_lines(lines: list[str], titles: tuple[str, ...] = (),
                links: frozenset[str] = frozenset()) -> list[str]:
    """The lines of extracted text that are the article: no repeated headline (nor the kicker
    lines above it), no datelines at either end, no furniture lines, no lines that are only a
    link to another page (`links`: see link_texts), no consecutive duplicates."""
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line]
    for index, line in enumerate(lines[:4]):
        if any(_same_text(line, title) for title in titles) and all(len(x.split()) <= 8 for x in lines[:index]):
            lines = lines[index + 1:]
            break
    kept = _drop_link_runs([line for line in lines if not is_boilerplate_line(line)], links)
    kept = _drop_menu_runs(kept)
    # datelines: only at the edges of the text, where bylines and timestamps sit
    while kept and is_dateline(kept[0]):
        kept.pop(0)
    while kept and is_dateline(kept[-1]):
        kept.pop()
    deduped: list[str] = []
    for line in kept:
        if not deduped or line != deduped[-1]:
            deduped.append(line)
    return deduped
