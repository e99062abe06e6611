"""Typing entities the knowledge base does not know, from their context in the sentence.

Pure functions over spaCy spans and the context word lists of `entity_context.toml`.
Each rule gives a type and a confidence below that of a knowledge base match:
name endings ("Z Inc.", "Z Ltd") and regulator words in the name, the word before ("regulator Z",
"the Y app"), the words after ("Y app", "Y, a food delivery platform", "Y (video service)"),
possessives ("X's app Y", "Z's chief executive"). A name with no such sign is typed only when
the statistical model calls it an organisation, and then below the default output threshold.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.cues import EntityContext
from nlp.records import EntityRef

APP_CANDIDATE = "APP_CANDIDATE"
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_COMPANY_AFTER = {"ceo", "chief", "founder", "co-founder", "spokesperson", "spokesman", "spokeswoman", "shares",
                  "stock", "executives", "executive", "board", "chairman", "president", "employees", "headquarters"}


def clean_name(text: str) -> str:
    """The entity's name without a leading 'the', a possessive or edge punctuation."""
    s = _LEADING_THE.sub("", text.strip())
    s = _POSSESSIVE.sub("", s)
    s = _PUNCT_EDGES.sub("", s) if not s.endswith(".") else _PUNCT_EDGES.sub("", s[:-1]) + ("." if _is_abbrev(s) else "")
    return re.sub(r"\s+", " ", s).strip()


def _is_abbrev(s: str) -> bool:
    return bool(re.search(r"\b(?:Inc|Corp|Co|Ltd|S\.A|N\.V)\.$", s))


def is_source(doc: Doc, span: Span, name: str, ctx: EntityContext) -> bool:
    """True when the sentence cites `name` as a source ("according to X", "X reported", "X | Getty")."""
    sent = span.sent if doc.has_annotation("SENT_START") else doc[max(0, span.start - 12): span.end + 12]
    text = sent.text
    x = re.escape(name)
    for pat in ctx.source_patterns:
        if re.search(pat.replace("{X}", r"(?:the\s+)?" + x), text, flags=re.IGNORECASE):
            return True
    return False


def _words(tokens) -> list[str]:
    return [t.lower_ for t in tokens]


def type_by_context(doc: Doc, span: Span, ctx: EntityContext, refs: dict[str, EntityRef]):
    """(type, confidence, owner_id, span) for an entity the knowledge base lacks, or None."""
    label = span.label_
    toks = list(span)
    # strip a trailing possessive token from the span
    while toks and toks[-1].text in ("'s", "\u2019s", "'", "\u2019"):
        toks = toks[:-1]
    # a descriptor the model took into the name ("Chipmaker MediaTek", "Startup Qonto") stays outside it
    while len(toks) > 1 and toks[1].text[:1].isupper() and (
            _company_noun_before(toks[0], ctx) or toks[0].lower_ in ("regulator", "watchdog")):
        toks = toks[1:]
    if not toks:
        return None
    span = doc[toks[0].i: toks[-1].i + 1]
    words = [t.text for t in span]
    nxt = doc[span.end] if span.end < len(doc) else None
    nxt2 = doc[span.end + 1] if span.end + 1 < len(doc) else None
    prev = doc[span.start - 1] if span.start > 0 else None
    prev2 = doc[span.start - 2] if span.start > 1 else None
    company_before = _company_noun_before(prev, ctx)
    called = _called_after(doc, span)  # "a mini program called Jianzhile", "a startup named Qonto"
    called_app = called is not None and any(w in ctx.app_nouns or w.rstrip("s") in ctx.app_nouns for w in called)
    called_company = called is not None and any(w in ctx.company_nouns or w.endswith("maker") for w in called)
    if label in ("PERSON",) and not _has_app_cue(doc, span, ctx) and not _company_suffix(words, nxt, ctx) \
            and not company_before and not called_app and not called_company:
        return None
    if len(words) > 1 and words[-1] in ctx.law_words:
        return None  # a law ("Mobile Software Competition Act", "Digital Markets Act") is no entity
    # 1. name endings: "Z Inc.", "Z Ltd", "Z Group" (not a heading in title case: "Current Roster Of Games")
    if _company_suffix(words, nxt, ctx) and not any(w in ("Of", "The", "And", "For", "To", "In", "On") for w in words[1:-1]):
        if nxt is not None and nxt.text in ctx.company_suffixes and words[-1] not in ctx.company_suffixes:
            span = doc[span.start: span.end + 1]
        return ("company", 0.8, None, span)
    # 1b. bodies of companies: "Japan Online Game Association", "Vextra Foundation" (company-like bodies)
    if label in ("ORG", "FAC", "PRODUCT", "PERSON") and len(words) > 1 and words[-1] in ctx.group_endings \
            and not any(w in ctx.regulator_name_words for w in words[:-1]):
        return ("company", 0.6, None, span)
    # 2. regulator words inside the name: "Fair Trade Commission", "Ministry of Commerce"; the word
    # alone ("this Court's injunction", "its Office software") names no body
    if label in ("ORG", "FAC", "GPE", "NORP") and len(words) > 1 and any(w in ctx.regulator_name_words for w in words):
        return ("regulator", 0.75, None, span)
    # 3. the word before: "regulator Z", "watchdog Z"
    if prev is not None and prev.lower_ in ctx.regulator_nouns and label in ("ORG", "GPE", "NORP", "FAC"):
        return ("regulator", 0.7, None, span)
    # 4. app cues: "the Y app", "Y platform", "X's app Y", "Y, a food delivery platform", "Y (video service)"
    owner = _possessive_owner(doc, span, refs)
    if label in ("NORP", "GPE", "LOC"):  # a place is an app only when the sentence says so outright
        app = label != "NORP" and (_apposition_noun(doc, span, ctx.app_nouns) or (
            prev is not None and prev.lower_ in ("app", "platform", "wallet", "messenger", "browser")
            and prev2 is not None and (prev2.lower_ in ("the", "a", "an", "-") or prev2.pos_ == "ADJ")))
    else:
        app = _has_app_cue(doc, span, ctx) or _example_of(doc, span, ctx.app_nouns)
    if label not in ("GPE", "LOC", "NORP"):
        if called_app:
            app = True
        elif called_company:
            return ("company", 0.65, None, span)
    if app:
        return ("app", 0.7, owner, span)
    comp = label not in ("GPE", "LOC", "NORP") and (company_before or _apposition_noun(doc, span, ctx.company_nouns))
    if comp:
        return ("company", 0.65, None, span)
    if nxt is not None and nxt.text in ("'s", "\u2019s") and nxt2 is not None and nxt2.lower_ in _COMPANY_AFTER:
        return ("company", 0.6, None, span)
    if nxt is not None and nxt.lower_ in ctx.descriptor_nouns and label in ("ORG", "PRODUCT"):
        return ("app", 0.55, None, span)  # "Fortnite maker ...": the descriptor names a product
    if label == "ORG":
        return ("company", 0.4, None, span)
    if label == "PRODUCT":
        return ("app", 0.4, None, span)
    return None


def _called_after(doc: Doc, span: Span) -> list[str] | None:
    """The words of the noun phrase before 'called', 'named' or 'dubbed' right before the name, or None."""
    if span.start < 2 or doc[span.start - 1].lower_ not in ("called", "named", "dubbed"):
        return None
    words = []
    for t in reversed(doc[max(0, span.start - 6): span.start - 1]):
        if t.is_punct or t.tag_.startswith("VB"):
            break
        words.append(t.lower_)
        if " ".join(reversed(words[-2:])) in ("mini program", "super app", "search engine"):
            words.append(" ".join(reversed(words[-2:])))
        if t.lower_ in ("a", "an", "the", "its", "their"):
            break
    return words


def _company_noun_before(prev, ctx: EntityContext) -> bool:
    """'the startup Skyline', 'venture firm Andreessen Horowitz', 'chipmaker MediaTek': a company noun right
    before the name (not 'rival', which also precedes apps)."""
    if prev is None or prev.tag_.startswith("VB"):
        return False
    word = prev.lower_
    if word == "up" and prev.i >= 2 and prev.doc[prev.i - 2: prev.i + 1].text.lower() == "start-up":
        word = "start-up"
    return (word in ctx.company_nouns and word not in ("rival", "competitor", "business", "owner")) \
        or (word.endswith("maker") and len(word) > 5)


def _company_suffix(words: list[str], nxt, ctx: EntityContext) -> bool:
    """The name ends, or is followed, by a company suffix or a legal form ("Z Inc.", "Z Oyj")."""
    def ends_a_company(word: str) -> bool:
        return word in ctx.company_suffixes or word in ctx.legal_forms

    if len(words) > 1 and ends_a_company(words[-1]):
        return True
    return nxt is not None and ends_a_company(nxt.text) and nxt.text not in ("Group", "Games", "Labs")


def _has_app_cue(doc: Doc, span: Span, ctx: EntityContext) -> bool:
    nxt = doc[span.end] if span.end < len(doc) else None
    prev = doc[span.start - 1] if span.start > 0 else None
    if nxt is not None and nxt.lower_ in ctx.app_nouns and nxt.lower_ not in ("store", "site", "network", "game"):
        return True
    # "X's app Y", "its app Y", "messaging app Y"
    if prev is not None and prev.lower_ in ("app", "apps", "platform", "service", "messenger", "browser", "wallet") \
            and not prev.tag_.startswith("VB"):
        return True
    return _apposition_noun(doc, span, ctx.app_nouns)


def _example_of(doc: Doc, span: Span, nouns: frozenset[str]) -> bool:
    """'alternative marketplaces such as AltStore PAL and the Epic Games Store': a name given as an
    example of app nouns (plural or not) is an app."""
    i = span.start - 1
    steps = 0
    while i > 0 and steps < 10 and (doc[i].text in (",", "and", "or", "the") or doc[i].ent_type_ or doc[i].text[:1].isupper()):
        i -= 1
        steps += 1
    if i < 2:
        return False
    if doc[i].lower_ == "as" and doc[i - 1].lower_ == "such":
        noun = doc[i - 2]
    elif doc[i].lower_ in ("including", "like"):
        noun = doc[i - 1] if doc[i - 1].text != "," else doc[i - 2]
    else:
        return False
    word = noun.lower_
    return word in nouns or word.rstrip("s") in nouns or word[:-2] in nouns and word.endswith("es")


def _apposition_noun(doc: Doc, span: Span, nouns: frozenset[str]) -> bool:
    """'Y, a food delivery platform' / 'Y (video service)': a noun from `nouns` within six words."""
    i = span.end
    if i >= len(doc) or doc[i].text not in (",", "(", "\u2014", "-", "\u2013"):
        return False
    # ", a food delivery platform" / ", the video site" / "(video service)": a determiner, or brackets
    if doc[i].text != "(" and (i + 1 >= len(doc) or doc[i + 1].lower_ not in ("a", "an", "the", "its", "their")):
        return False
    for t in doc[i + 1: min(len(doc), i + 8)]:
        if t.text in (")", ".", ";") or (t.text == "," and t.i > i + 1):
            break
        if t.lower_ in nouns or (t.i + 1 < len(doc) and f"{t.lower_} {doc[t.i + 1].lower_}" in nouns):
            return True
    return False


def _possessive_owner(doc: Doc, span: Span, refs: dict[str, EntityRef]) -> str | None:
    """The KB id of X in "X's app Y" / "X's Y app", when X is a known entity."""
    for i in range(span.start - 1, max(-1, span.start - 5), -1):
        t = doc[i]
        if t.text in ("'s", "\u2019s") and i > 0:
            owner = doc[i - 1]
            for ent in doc.ents:
                if ent.start <= owner.i < ent.end and ent.kb_id_ in refs:
                    return ent.kb_id_
            return None
    return None


_APP_WORD = re.compile(r"\b(?:app|platform|messenger)\b")


def find_unlabelled_apps(doc: Doc, ctx: EntityContext) -> list[Span]:
    """Capitalised names the NER missed, right before an app noun: "the Zhihu app", "Kuaishou platform"."""
    out = []
    for m in _APP_WORD.finditer(doc.text):
        span = doc.char_span(m.start(), m.end())
        if span is None or span.start == 0:
            continue
        t = span[0]
        j = t.i
        while j > 0 and doc[j - 1].text[:1].isupper() and doc[j - 1].is_alpha and not doc[j - 1].is_sent_start:
            j -= 1
        if j < t.i and j > 0:
            out.append(Span(doc, j, t.i, label=APP_CANDIDATE))
        elif j == t.i:
            apposed = _apposed_name(doc, t.i)
            if apposed is not None:
                out.append(apposed)
    return out


def _apposed_name(doc: Doc, noun_i: int) -> Span | None:
    """'Down Dog, a yoga app', 'Zorbly, the Berlin-based messaging app': the capitalised name before
    ', a ... app' (at most six words between)."""
    k = noun_i - 1
    while k > 0 and noun_i - k <= 6 and doc[k].lower_ not in ("a", "an", "the") and (
            doc[k].is_alpha and doc[k].is_lower or doc[k].text == "-" or doc[k + 1].text == "-"):
        k -= 1  # "a yoga app", "the Berlin-based messaging app"
    if k < 2 or doc[k].lower_ not in ("a", "an", "the") or doc[k - 1].text != ",":
        return None
    end = k - 1
    j = end
    while j > 0 and doc[j - 1].text[:1].isupper() and doc[j - 1].is_alpha and noun_i - j < 10:
        j -= 1
    if j == end or (j == end - 1 and doc[j].is_sent_start and doc[j].is_stop):
        return None
    return Span(doc, j, end, label=APP_CANDIDATE)
