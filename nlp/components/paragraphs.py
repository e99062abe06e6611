"""interop_paragraphs: a line break starts a new sentence (headings, captions, credits, paragraphs).

Runs before the parser, which keeps sentence starts set in advance. After a line with no full stop (a
headline, a subheading, a photo credit) the parser, held to the new start, would also cut the line's
first words off on their own ("Taobao" / "and Tmall have added WeChat Pay"): so the second and third
tokens of a line are marked as no sentence start, unless a punctuation mark ends the token before them
("Why? Because ...", "Yes. Apple will ...").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

HELD_TOGETHER = 2  # tokens after a line's first that the parser may not start a sentence at


@Language.component("interop_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    n = len(doc)
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws and tok.is_space or (tok.whitespace_ == "" and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
            for j in range(tok.i + 2, min(n, tok.i + 2 + HELD_TOGETHER)):
                if doc[j - 1].is_punct or doc[j].is_space or "\n" in doc[j - 1].text_with_ws:
                    break
                doc[j].is_sent_start = False
    return doc
