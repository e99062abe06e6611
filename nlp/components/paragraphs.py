"""interop_paragraphs: a line break starts a new sentence (headings, captions, credits, paragraphs).

Runs before the parser, which keeps sentence starts set in advance.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("interop_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws and tok.is_space or (tok.whitespace_ == "" and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc
