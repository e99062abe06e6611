"""Language of a text, for pages that do not declare one: py3langid (a naive Bayes model shipped
inside the package, no download), restricted to ISO 639-1 languages.

    detect_language(text) -> str | None
"""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

MIN_LETTERS = 40  # below this, any guess is noise
MIN_CONFIDENCE = 0.6
_SAMPLE_CHARS = 3000  # the start of a text is plenty, and keeps long pages cheap
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted({c for c in identifier.labels if len(c) == 2}))
    return identifier


def detect_language(text: str | None) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when the text is too short or the model
    is unsure."""
    if not text:
        return None
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    return code if confidence >= MIN_CONFIDENCE else None
