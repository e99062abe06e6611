"""Language of a text, for pages that do not declare one: py3langid (a naive Bayes model shipped
inside the package, no download), restricted to ISO 639-1 languages.

    detect_language(text) -> str | None
    choose_language(declared, hinted, text) -> str | None
"""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

MIN_LETTERS = 40  # below this, any guess is noise
MIN_CONFIDENCE = 0.6
# to overrule what a page declares (templates often say lang="en" whatever the text), the model
# must be this sure, on this much text
OVERRULE_CONFIDENCE = 0.99
OVERRULE_LETTERS = 300
_SAMPLE_CHARS = 600  # the start of a text is plenty (same answers as 3,000 on aeb), and cheap
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A declared language is confirmed without the model when its commonest words make up this share
# of the sample: English news prose runs at 0.25-0.35 on these twenty; other languages far below.
_FUNCTION_WORDS = {
    "en": frozenset("the of and to in a is that for on with as was by it at from be has are said".split()),
}
CONFIRM_SHARE = 0.18
CONFIRM_WORDS = 40


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted({c for c in identifier.labels if len(c) == 2}))
    return identifier


def _classify(text: str | None) -> tuple[str | None, float, int]:
    if not text:
        return None, 0.0, 0
    sample = text[:_SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters < MIN_LETTERS:
        return None, 0.0, letters
    code, confidence = _identifier().classify(sample)
    return code, confidence, letters


def detect_language(text: str | None) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when the text is too short or the model
    is unsure."""
    code, confidence, _ = _classify(text)
    return code if confidence >= MIN_CONFIDENCE else None


def _confirms(declared: str, text: str | None) -> bool:
    """True when the text plainly is in the declared language (cheap: counts common words)."""
    common = _FUNCTION_WORDS.get(declared)
    if common is None or not text:
        return False
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    return len(words) >= CONFIRM_WORDS and sum(w in common for w in words) / len(words) >= CONFIRM_SHARE


def choose_language(declared: str | None, hinted: str | None, text: str | None) -> str | None:
    """The language of an article: what the page declares, unless its text is clearly in
    another language; else what the feed or source said; else what the text looks like."""
    if declared and _confirms(declared, text):
        return declared
    code, confidence, letters = _classify(text)
    if declared:
        sure = code and confidence >= OVERRULE_CONFIDENCE and letters >= OVERRULE_LETTERS
        return code if sure and code != declared else declared
    if hinted:
        return hinted
    return code if confidence >= MIN_CONFIDENCE else None
