"""Clauses of a sentence and the words that open them: pure helpers over a parsed Span.

`clauses` splits a sentence where a coordinated clause with its own subject, or an appended contrast
(", something Android already permits"), begins; `subordinate_ranges` gives the relative and
adverbial clauses whose orders or refusals are not the news; `in_a_name` tells a trigger word that
is part of a name; `is_question` and `pronoun_subject` read a sentence's form.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


_SUBORDINATE_DEPS = {"relcl", "advcl", "acl"}


def subordinate_ranges(clause: Span) -> tuple[tuple[int, int], ...]:
    """Character ranges (relative to the clause) of its relative and adverbial clauses, from the parse."""
    out = []
    for t in clause:
        if t.dep_ in _SUBORDINATE_DEPS and t.head.i != t.i and clause.start <= t.head.i < clause.end:
            a = max(t.left_edge.idx, clause.start_char)
            b = min(t.right_edge.idx + len(t.right_edge), clause.end_char)
            out.append((a - clause.start_char, b - clause.start_char))
    return tuple(out)


def clauses(sent: Span) -> list[Span]:
    """A sentence split where a coordinated clause with its own subject begins
    ("Alibaba's apps accept WeChat Pay, and Taobao has not said whether it will"), or one set beside
    it with 'while' / 'whereas'."""
    root = sent.root
    cuts = sorted(c.left_edge.i for c in root.children
                  if (c.dep_ == "conj" or c.dep_ == "advcl" and _contrasting(c))
                  and c.tag_.startswith("VB") and c.left_edge.i > sent.start
                  and any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children))
    cuts = sorted(set(cuts) | {t.i for t in sent if contrast_start(t)})
    if not cuts:
        return [sent]
    bounds = [sent.start, *cuts, sent.end]
    return [sent.doc[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


_CONTRASTING = {"while", "whereas"}


def _contrasting(verb) -> bool:
    """'..., while Taobao has for years stopped shoppers from ...': a clause set beside the main one,
    with its own subject and its own news."""
    return any(c.dep_ == "mark" and c.lower_ in _CONTRASTING for c in verb.children)


def contrast_start(t) -> bool:
    """', something Android already permits': an appended clause with a subject of its own, telling how
    things stand elsewhere or before; read as a clause of its own."""
    return (t.lower_ == "something" and t.i > t.sent.start and t.nbor(-1).text in (",", "\u2014", "\u2013", "-")
            and any(c.dep_ == "relcl" and any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children) for c in t.children))


def is_question(text: str) -> bool:
    """A question ("why would they stop a service that enables ...?") states no claim."""
    return text.rstrip().rstrip("\"'\u201d\u2019)").endswith("?")


def in_a_name(doc: Doc, char: int, in_title: bool) -> bool:
    """A trigger word that is part of a name ("the Data Transfer Project", "Family Sharing") is no trigger.
    In a title, where every word may be capitalised, only names the entity matcher found count."""
    tok = _token_at(doc, char)
    if tok is None:
        return False
    if tok.ent_type_:
        return True
    return not in_title and not tok.is_sent_start and tok.text[:1].isupper() and tok.tag_ == "NNP" \
        and any(t.text[:1].isupper() and t.tag_ == "NNP" for t in (tok.nbor(-1) if tok.i > 0 else tok,
                                                                     tok.nbor(1) if tok.i + 1 < len(doc) else tok) if t is not tok)


def _token_at(doc: Doc, char: int):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def pronoun_subject(sent: Span, trigger_tokens: dict[int, str]) -> bool:
    """True when 'it' or 'they' is the subject of an opening or blocking verb of the clause."""
    doc = sent.doc
    for t in sent:
        if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in ("it", "they") and trigger_tokens.get(t.head.i) != "order" and \
                any((i == t.head.i or doc[i].head.i == t.head.i and doc[i].dep_ == "xcomp") and role != "order"
                    for i, role in trigger_tokens.items()):
            return True
    return False
