"""Page furniture in extracted text: the lines that are not article text.

    clean_lines(lines, titles=(), links=frozenset()) -> list[str]
    is_boilerplate_line(line) -> bool    # data/boilerplate_lines.txt, data/photo_credits.txt
    is_photo_credit(line) -> bool
    is_dateline(line) -> bool

The line patterns are data; the rules that use them are here. Tree-level pruning before
extraction is in crawler.pruning.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from crawler.dates import day_names, month_numbers
from crawler.words import SENTENCE_ENDS, word_count

LINK_LINE_SHARE = 0.9  # a line this much covered by one link's text is that link


def data_patterns(name: str) -> list[str]:
    text = resources.files("crawler").joinpath(f"data/{name}").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def credit_pattern() -> re.Pattern:
    """One pattern for all of data/photo_credits.txt."""
    return re.compile("|".join(f"(?:{p})" for p in data_patterns("photo_credits.txt")), re.IGNORECASE)


def _longest_line(pattern: str) -> float:
    """The longest line `pattern` can match whole: its widest match (+1 for a newline before the
    end) when it ends with `$` and its width is bounded, else infinity."""
    try:
        parsed = re._parser.parse(pattern, re.IGNORECASE)  # type: ignore[attr-defined]
        low, high = parsed.getwidth()
        ends = bool(parsed.data) and str(parsed.data[-1][0]) == "AT" and str(parsed.data[-1][1]) == "AT_END"
    except Exception:  # an interpreter without the parser: no shortcut
        return float("inf")
    return high + 1 if ends and high < re._constants.MAXREPEAT else float("inf")  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _furniture_widths() -> tuple[tuple[float, str], ...]:
    """Every furniture and credit pattern with the longest line it can match, shortest first."""
    patterns = data_patterns("boilerplate_lines.txt") + data_patterns("photo_credits.txt")
    return tuple(sorted(((_longest_line(p), p) for p in patterns), key=lambda wp: wp[0]))


@lru_cache(maxsize=128)
def _furniture_for(first: int) -> re.Pattern | None:
    """One pattern for the furniture and credit patterns from index `first` of _furniture_widths()."""
    chosen = [p for _, p in _furniture_widths()[first:]]
    return re.compile("|".join(f"(?:{p})" for p in chosen), re.IGNORECASE) if chosen else None


def _furniture_pattern(length: int) -> re.Pattern | None:
    """The furniture and credit patterns that can match a line of `length` characters: long
    paragraphs skip the bounded ones (`^.{0,80}\\bnewsletter...$` and the like), most of the cost."""
    widths = _furniture_widths()
    first = next((i for i, (w, _) in enumerate(widths) if w >= length), len(widths))
    return _furniture_for(first)


_BULLET = re.compile(r"^\s*(?:[-•*·▪►»]\s+|\d{1,2}[.)]\s+)?")
_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_TOKEN = re.compile(r"\d{1,2}:\d{2}|\d+|[^\W\d_]+", re.UNICODE)
_DATE_FILLER = frozenset({
    "am", "pm", "a", "p", "m", "at", "on", "by", "um", "uhr", "de", "às", "le", "el", "il", "the", "of", "feira",
    "updated", "published", "posted", "modified", "last", "gmt", "utc", "est", "edt", "cst", "cdt",
    "mst", "mdt", "pst", "pdt", "bst", "cet", "cest", "ist", "jst", "amt", "msk", "hkt", "sgt", "aest",
})


def normal_text(text: str) -> str:
    """Lower case, runs of non-alphanumerics as one space: for comparing texts."""
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
    pattern = _furniture_pattern(len(bare))
    return pattern is not None and pattern.match(bare) is not None


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
    a, b = normal_text(a), normal_text(b)
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


def is_link_line(line: str, links: frozenset[str]) -> bool:
    """Is (almost) all of this line the text of one link on the page: a headline pointing
    elsewhere?"""
    text = normal_text(_BULLET.sub("", line))
    if not text or text.count(" ") < 3:
        return False
    if text in links:
        return True
    floor = LINK_LINE_SHARE * len(text)
    return any(len(link) >= floor and link in text for link in links if len(link) <= len(text))


def _drop_link_runs(lines: list[str], links: frozenset[str]) -> list[str]:
    """Lines that are link texts, two or more in a row: a list of headlines pointing elsewhere.
    (A lone linked line may be a quotation set as a click-to-tweet link.)"""
    if not links:
        return lines
    longest = max(map(len, links)) / LINK_LINE_SHARE + 8  # room for a bullet and punctuation
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
    link to another page (`links`: see crawler.pruning.link_texts), no consecutive duplicates."""
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
