"""interop_relevance: the cheap keyword relevance score of a Doc's text (doc._.interop_relevance).

`analyse` scores articles with the same function on title and text *before* the statistical
model runs; this component gives the same score to users who call `nlp(text)` directly.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from nlp.cues import load_cues
from nlp.relevance import relevance_score


@Language.factory("interop_relevance", default_config={"cues_dir": "", "threshold": 0.5, "max_chars": 300_000})
def make_relevance(nlp: Language, name: str, cues_dir: str, threshold: float, max_chars: int) -> "RelevanceGate":
    from nlp.options import BUNDLED_CUES

    return RelevanceGate(load_cues(Path(cues_dir) if cues_dir else BUNDLED_CUES).relevance, threshold, max_chars)


class RelevanceGate:
    """Holds the gate's settings too, which `analyse` reads: threshold and the longest text analysed."""

    def __init__(self, terms, threshold: float = 0.5, max_chars: int = 300_000):
        self.terms = terms
        self.threshold = threshold
        self.max_chars = max_chars

    def score(self, title: str, text: str) -> float:
        return relevance_score(title, text, self.terms)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.interop_relevance is None:
            doc._.interop_relevance = relevance_score("", doc.text, self.terms)
        return doc
