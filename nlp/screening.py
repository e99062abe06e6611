"""Checks on an article's text before analysis: empty, binary, not English, too long.

Pure functions. `screen` returns the text to analyse (same length as the input up to the cut, so
character offsets stay valid) and warnings, or raises UnanalysableText with a plain reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.errors import UnanalysableText

# Control characters other than tab, newline, carriage return, form feed: replaced by spaces
# one for one, so offsets into the original text stay valid.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")
_GOOD = re.compile(r"[^\W\d_]|\s|[.,;:!?'\"()\-]")
_ODD = re.compile("[\ue000-\uf8ff\ufffd\ud800-\udfff\U000f0000-\U0010ffff]")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_FUNCTION_WORDS = frozenset(
    "the a an of to in and or is are was were be been has have had it its for on with as by at from that this "
    "which will would not but they their he she we you said says can could".split()
)


@dataclass(frozen=True)
class Screened:
    text: str
    warnings: tuple[str, ...] = ()


def screen(text: object, max_chars: int, language: str | None = None) -> Screened:
    """Return the text ready for the pipeline, or raise UnanalysableText saying why not.

    `language`, when the source declares one (ISO code), must be English ("en", "en-GB"...).
    """
    if isinstance(language, str) and language.strip() and not language.strip().lower().startswith("en"):
        raise UnanalysableText(f"article language is {language.strip()!r}; only English is analysed")
    if not isinstance(text, str):
        raise UnanalysableText(f"text is {type(text).__name__}, not a string")
    warnings: list[str] = []
    if len(text) > max_chars:
        text = text[:max_chars]
        warnings.append(f"text cut at {max_chars} characters of a longer article")
    if not text.strip():
        raise UnanalysableText("empty text: nothing to analyse")
    cleaned, n_control = _CONTROL.subn(" ", text)
    if n_control:
        warnings.append(f"{n_control} control characters replaced by spaces")
    sample = cleaned[:20_000]
    if _looks_binary(sample, n_control):
        raise UnanalysableText("text looks like binary data, not prose (few letters, many control or unprintable characters)")
    language = _language_problem(sample)
    if language:
        raise UnanalysableText(language)
    return Screened(cleaned, tuple(warnings))


def _looks_binary(sample: str, n_control: int) -> bool:
    if not sample.strip():
        return True
    n = len(sample)
    if n_control > max(8, n // 50):
        return True
    good = len(_GOOD.findall(sample))
    odd = len(_ODD.findall(sample))
    return good / n < 0.6 or odd / n > 0.05


def _language_problem(sample: str) -> str | None:
    """A reason when the text is clearly not English; None when it is, or too short to tell."""
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 40:
        return None
    latin = sum(1 for ch in letters if ch < "\u0250")
    if latin / len(letters) < 0.5:
        return "text is not in English (mostly non-Latin script); only English is analysed"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 30:
        return None
    share = sum(1 for w in words if w in _FUNCTION_WORDS) / len(words)
    if share < 0.08:
        return f"text does not look like English (function words {share:.0%} of words); only English is analysed"
    return None
