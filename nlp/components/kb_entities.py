"""interop_kb_entities: find knowledge base names in a Doc and make them the Doc's entities.

Names and aliases become phrase patterns: exact case for all, an all-capitals form for headlines,
and case-insensitive for names that cannot be ordinary words (inner capitals or dots: WeChat,
iMessage, Ele.me), plurals of such product names too ("iPhones"). Matches override overlapping spans of the statistical NER. An alias shared by
several entities is resolved by the other entities of the document (owner or siblings named);
an alias marked as needing context is kept only when the document gives some (the entity named in
full elsewhere, its owner or a sibling, an app word nearby; for a regulator, another entity of its
country or a word of what bodies do nearby: "said", "fined", "law"), and never where it
is one word of a longer capitalised name ("the iPhone 16 Pro Max", "Registered Messages Service").
A shared alias the owners cannot settle goes to the entity of the country the document's other
entities come from ("the Supreme Court" in an article about India). A regulator's descriptive alias,
all in lower case ("industry ministry"), is kept only when the document names another entity of its
country.
An operating system's span takes the release
written after it ("iOS 17.4"). Each span gets the entity type as label (COMPANY, APP, REGULATOR) and the KB id as kb_id.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.kb_load import cached_knowledge_base
from nlp.knowledge_base import KBEntity, KnowledgeBase, alias_key

LABELS = {"company": "COMPANY", "app": "APP", "regulator": "REGULATOR"}
TYPE_OF_LABEL = {v: k for k, v in LABELS.items()}
# a body's bare name ("the Commission", "the Diet", "Congress") acting as a body: words within six tokens
_BODY_WORDS = {"said", "says", "asked", "fined", "fine", "fines", "ruled", "ruling", "ordered", "order", "orders",
               "investigation", "investigating", "probe", "decision", "decided", "approved", "adopted", "passed",
               "designated", "gatekeeper", "gatekeepers", "compliance", "comply", "complied", "antitrust",
               "competition", "regulator", "regulators", "law", "laws", "bill", "legislation", "lawmakers",
               "vote", "voted", "charged", "opened", "closed", "accepted", "rejected", "demanded", "required"}
# places and demonyms that tell which country's body a shared name means ("India's Competition Commission")
_PLACE_COUNTRY = {
    "china": "CN", "chinese": "CN", "beijing": "CN", "japan": "JP", "japanese": "JP", "tokyo": "JP",
    "korea": "KR", "south korea": "KR", "korean": "KR", "south korean": "KR", "seoul": "KR", "india": "IN",
    "indian": "IN", "new delhi": "IN", "us": "US", "u.s.": "US", "united states": "US", "america": "US",
    "american": "US", "washington": "US", "uk": "GB", "u.k.": "GB", "britain": "GB", "british": "GB",
    "united kingdom": "GB", "england": "GB", "london": "GB", "eu": "EU", "european union": "EU", "brussels": "EU",
    "australia": "AU", "australian": "AU", "canberra": "AU", "brazil": "BR", "brazilian": "BR", "germany": "DE",
    "german": "DE", "france": "FR", "french": "FR", "paris": "FR", "italy": "IT", "italian": "IT", "spain": "ES",
    "spanish": "ES", "netherlands": "NL", "the netherlands": "NL", "dutch": "NL", "taiwan": "TW",
    "taiwanese": "TW", "indonesia": "ID", "indonesian": "ID", "jakarta": "ID", "singapore": "SG", "canada": "CA",
    "canadian": "CA", "south africa": "ZA", "south african": "ZA", "russia": "RU", "russian": "RU",
    "turkey": "TR", "turkish": "TR", "ireland": "IE", "irish": "IE", "hong kong": "HK", "switzerland": "CH",
    "swiss": "CH", "mexico": "MX", "mexican": "MX", "new zealand": "NZ",
}
# a company's bare name that is also a word ("Slack", "Epic") acting as a company
_COMPANY_WORDS = {"complaint", "complaints", "complained", "shares", "acquired", "acquisition", "owned", "ceo",
                  "founder", "spokesperson", "spokesman", "spokeswoman", "revenue", "lawsuit", "sued"}
_CAMEL = re.compile(r"[a-z][A-Z]|^[a-z]+[A-Z]|\w\.\w|\d")
_CONTEXT_WORDS = {"app", "apps", "service", "services", "platform", "platforms", "messenger", "messaging", "store",
                  "wallet", "pay", "payments", "chat", "chats", "message", "messages", "users", "download",
                  "downloads", "install", "browser", "subscribers", "encrypted", "rival", "rivals"}


# the last word of a store's name that writers often put in lower case ("Google's Play store"); not "App
# store", which at the start of a sentence is any app store
GENERIC_LAST_WORDS = frozenset({"Store"})


def _case_insensitive_safe(name: str) -> bool:
    return len(name) >= 4 and bool(_CAMEL.search(name))


@Language.factory("interop_kb_entities", default_config={"kb_dir": ""})
def make_kb_entities(nlp: Language, name: str, kb_dir: str) -> "KBEntities":
    return KBEntities(nlp, cached_knowledge_base(kb_dir))


class KBEntities:
    def __init__(self, nlp: Language, kb: KnowledgeBase):
        self.kb = kb
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.context_required: set[tuple[str, str]] = set()
        exact: dict[str, set[str]] = {}
        folded: dict[str, set[str]] = {}
        for ent in kb.entities.values():
            needs_context = {alias_key(a) for a in getattr(ent, "context_required", ()) or ()}
            for n in ent.names:
                key = alias_key(n)
                if key in needs_context:
                    self.context_required.add((ent.id, key))
                forms = {n}
                if sum(ch.isalpha() for ch in n) >= 4 and not n.isupper():
                    forms.add(n.upper())
                words = n.split()
                if len(words) >= 2 and words[-1] in GENERIC_LAST_WORDS and words[0][:1].isupper() and words[0] != "App":
                    forms.add(" ".join(words[:-1] + [words[-1].lower()]))  # "Play store", "Galaxy store"
                if n.startswith("the ") or n.startswith("The "):
                    forms.add("The " + n[4:])
                    forms.add("the " + n[4:])
                for form in forms:
                    exact.setdefault(key, set()).add(form)
                if _case_insensitive_safe(n) and key not in needs_context:
                    folded.setdefault(key, set()).add(n)
                    if ent.type == "app" and n[-1:].isalpha() and n[-1:] != "s":
                        folded[key].add(n + "s")  # "iPhones", "AirTags": a product named in the plural
        for key, forms in exact.items():
            self.exact.add(key, [nlp.make_doc(f) for f in sorted(forms)])
        for key, forms in folded.items():
            self.folded.add(key, [nlp.make_doc(f) for f in sorted(forms)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                spans.append(Span(doc, start, end, label=doc.vocab.strings[match_id]))
        spans = filter_spans(spans)
        if not spans:
            return doc
        redefined = _acronyms_defined_otherwise(doc, spans)
        candidates = [(s, () if s.label_ in redefined else self.kb.by_alias.get(s.label_, ())) for s in spans]
        known = Counter(ids[0] for _, ids in candidates if len(ids) == 1)
        places = _place_countries(doc)
        # a shared name goes to the country of the article's places and bodies (companies are global players)
        countries = places + Counter(self.kb.entities[i].country for i in known.elements()
                                     if self.kb.entities[i].country and self.kb.entities[i].type == "regulator")
        others = Counter(self.kb.entities[i].country for i in known.elements() if self.kb.entities[i].country)
        # entities named at least once by a name that needs no context ("European Commission" before "the Commission")
        plain = {ids[0] for s, ids in candidates if len(ids) == 1 and (ids[0], s.label_) not in self.context_required}
        kb_spans = []
        for span, ids in candidates:
            if not ids:
                continue
            # a shared name is resolved from its surroundings; a name of one entity needs none of that
            ent = self.kb.entities[ids[0]] if len(ids) == 1 else self._resolve(
                ids, known, countries + _country_before(doc, span), others, _named_near(doc, span, candidates))
            if ent.type == "regulator" and countries and not _country_in(ent.country, countries) and ent.id not in plain \
                    and (ent.id, span.label_) in self.context_required:
                continue  # "the Treasury" or "the Commission" in an article on Japan: a body of another country
            if (ent.id, span.label_) in self.context_required and (
                    _inside_longer_name(doc, span, spans) or not self._has_context(doc, span, ent, known, candidates, plain)):
                continue
            if ent.type == "regulator" and span.text.islower() and not self._same_country_named(ent, known):
                continue
            end = span.end
            if ent.type == "app" and _OS_NAME.search(ent.name) and end < len(doc) and _VERSION.match(doc[end].text):
                end += 1  # "iOS 17.4", "Android 15", "Windows 11": the release is part of the name as written
            kb_spans.append(Span(doc, span.start, end, label=LABELS[ent.type], kb_id=ent.id))
        taken = set()
        for s in kb_spans:
            taken.update(range(s.start, s.end))
        others = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
        doc.ents = sorted([*kb_spans, *others], key=lambda s: s.start)
        return doc

    def _resolve(self, ids: tuple[str, ...], known: Counter, countries: Counter = Counter(),
                 others: Counter = Counter(), near: dict | None = None) -> KBEntity:
        """The entity a shared name means: the one whose owner or siblings are named close by (`near`: "the
        Messages app alongside iMessage conversations") or in the document, else the one of the country of its
        places and bodies (`countries`), else of its other entities (`others`). `near`: ids named in the same
        sentence -> distance in tokens; the claimant with the closest owner or sibling there wins outright."""
        ents = [self.kb.entities[i] for i in ids]
        if len(ents) == 1:
            return ents[0]
        owners = {self.kb.entities[i].owner_id for i in known} | set(known)

        def score(e: KBEntity) -> tuple[int, int, int, int, int]:
            s = 0
            if e.owner_id and e.owner_id in known:
                s += 3
            if e.owner_id and e.owner_id in owners:
                s += 1
            if e.id in owners:
                s += 2
            dists = [d for i, d in (near or {}).items() if e.owner_id and (i == e.owner_id or self.kb.entities[i].owner_id == e.owner_id)]
            return (-min(dists) if dists else -10_000, s, countries.get(e.country, 0) if e.country else 0, others.get(e.country, 0) if e.country else 0,
                    -ids.index(e.id))

        return max(ents, key=score)

    def _same_country_named(self, ent: KBEntity, known: Counter) -> bool:
        """Another entity of `ent`'s country is named in the document (by an unambiguous name)."""
        return bool(ent.country) and any(i != ent.id and self.kb.entities[i].country == ent.country for i in known)

    def _has_context(self, doc: Doc, span: Span, ent: KBEntity, known: Counter, nearby=(), plain=frozenset()) -> bool:
        if ent.id in plain:  # the entity is named in full elsewhere: "Microsoft Teams" ... "Teams"
            return True
        if ent.owner_id and ent.owner_id in known:
            return True
        if ent.type == "regulator" and self._same_country_named(ent, known):  # "the Diet" in an article on Japan
            return True
        if any(self.kb.entities[i].owner_id == ent.id for i in known):
            return True
        window = doc[max(0, span.start - 6): min(len(doc), span.end + 6)]
        words = {t.lower_ for t in window if t.i < span.start or t.i >= span.end}
        if ent.type == "regulator" and words & _BODY_WORDS or ent.type == "company" and words & _COMPANY_WORDS:
            return True
        if words & _CONTEXT_WORDS:
            return True
        # another app of the knowledge base close by: "WhatsApp ... with people on Signal"
        if any(s is not span and abs(s.start - span.start) <= 15 and self.kb.entities[s_ids[0]].type == "app"
               for s, s_ids in nearby if len(s_ids) == 1):
            return True
        # a company listed with other companies: "manufacturers including Honor and Xiaomi"
        return ent.type == "company" and any(
            s is not span and len(s_ids) == 1 and self.kb.entities[s_ids[0]].type == "company"
            and _listed_together(doc, span, s) for s, s_ids in nearby)


_OS_NAME = re.compile(r"(?:OS|^Android|^Windows|^One UI|^MIUI)$")
_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,2}$")
_NAME_LABELS = {"PERSON", "ORG", "FAC", "GPE", "WORK_OF_ART", "EVENT", "LAW", "NORP", "LOC"}


def _named_near(doc: Doc, span: Span, candidates) -> dict[str, int]:
    """Entities named by one-entity names in the sentence of `span` -> their distance to it in tokens."""
    sent = span.sent if doc.has_annotation("SENT_START") else doc[max(0, span.start - 20): span.end + 20]
    return {s_ids[0]: abs(s.start - span.start) for s, s_ids in candidates
            if len(s_ids) == 1 and sent.start <= s.start < sent.end}


def _inside_longer_name(doc: Doc, span: Span, matched: list[Span]) -> bool:
    """True when a one-word name is glued to capitalised words or figures that no knowledge base name
    covers: 'Max' in 'iPhone 16 Pro Max', 'Office' in 'Patent Office' or 'Office of the ...', or sits
    inside a longer name the statistical model found ('Max Schrems')."""
    if len(span) != 1:
        return False
    covered = {i for s in matched if s is not span for i in range(s.start, s.end)}
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is not None and prev.i not in covered and not prev.is_sent_start and (
            prev.text[:1].isupper() or prev.like_num) and prev.is_alpha | prev.like_num:
        return True
    if nxt is not None and nxt.lower_ == "of" and nxt.i + 1 < len(doc) and doc[nxt.i + 1].text[:1].isupper():
        return True  # "Office of the Privacy Commissioner", "Council of Europe"
    # a longer name the statistical model found around it: "Max Schrems"
    return any(e.start <= span.start and span.end <= e.end and len(e) > 1 and e.label_ in _NAME_LABELS
               and any(t.i not in covered and t.text[:1].isupper() and t.is_alpha for t in e if t.i != span.start)
               for e in doc.ents)


def _acronyms_defined_otherwise(doc: Doc, matched: list[Span]) -> set[str]:
    """Alias keys of all-capital names that the document defines as something else: 'strategic market
    status (SMS)' takes SMS away from the messaging service in that article. A definition by the
    entity's own name ('Competition and Markets Authority (CMA)') is matched itself and takes nothing."""
    covered = {i for s in matched for i in range(s.start, s.end)}
    out = set()
    for t in doc:
        if not (t.text.isupper() and t.is_alpha and 2 <= len(t.text) <= 6 and t.i > 0 and doc[t.i - 1].text == "("
                and t.i + 1 < len(doc) and doc[t.i + 1].text == ")"):
            continue
        words = [w for w in doc[max(0, t.i - 1 - 2 * len(t.text)): t.i - 1] if w.is_alpha and w.lower_ not in ("and", "of", "for", "the")]
        words = words[-len(t.text):]
        if len(words) == len(t.text) and "".join(w.text[0] for w in words).upper() == t.text \
                and not any(w.i in covered for w in words):
            out.add(alias_key(t.text))
    return out


def _place_countries(doc: Doc) -> Counter:
    """Countries of the places and nationalities the statistical NER found in the document."""
    out = Counter()
    for e in doc.ents:
        if e.label_ in ("GPE", "NORP", "LOC"):
            code = _PLACE_COUNTRY.get(re.sub(r"['\u2019]s?$", "", e.text).strip().lower())
            if code:
                out[code] += 1
    return out


def _country_before(doc: Doc, span: Span) -> Counter:
    """The country named right before a name: "India's Competition Commission", "the Korean Fair Trade Commission"."""
    words = [t.text for t in doc[max(0, span.start - 4): span.start] if t.text not in ("'s", "\u2019s", "'", "\u2019")]
    for n in (2, 1):
        code = _PLACE_COUNTRY.get(" ".join(words[-n:]).lower()) if len(words) >= n else None
        if code:
            return Counter({code: 100})  # outweighs the article's other places
    return Counter()


def _listed_together(doc: Doc, a: Span, b: Span) -> bool:
    """Two names joined only by list words: 'Honor and Xiaomi', 'Oppo, Vivo, Honor'."""
    first, second = (a, b) if a.start < b.start else (b, a)
    between = doc[first.end: second.start]
    return 0 < len(between) <= 2 and all(t.text in (",", "and", "or", "&") for t in between)


_EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())


def _country_in(country: str | None, countries: Counter) -> bool:
    """The document's places or bodies include `country` (an EU body counts for its member states)."""
    if not country:
        return True
    return bool(countries.get(country)) or (country == "EU" and any(countries.get(c) for c in _EU_MEMBERS))
