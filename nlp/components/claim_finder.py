"""interop_claims: interoperability claims of a parsed Doc (doc._.interop_claims), see nlp.claims."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from nlp.claims import find_claims
from nlp.cues import load_cues


@Language.factory("interop_claims", default_config={"cues_dir": ""})
def make_claim_finder(nlp: Language, name: str, cues_dir: str) -> "ClaimFinder":
    from nlp.options import BUNDLED_CUES

    return ClaimFinder(load_cues(Path(cues_dir) if cues_dir else BUNDLED_CUES))


class ClaimFinder:
    def __init__(self, cues):
        self.cues = cues

    def __call__(self, doc: Doc) -> Doc:
        doc._.interop_claims = find_claims(doc, self.cues)
        return doc
