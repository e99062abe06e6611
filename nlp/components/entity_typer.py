"""interop_entity_typer: one canonical EntityRef per entity; unknown entities typed by context.

Spans from the knowledge base keep their id, type, owner and country (confidence 1). Entities
of the statistical NER that the knowledge base lacks are typed from their context (see
`nlp.typing_rules`), with a lower confidence and a derived id ("model:slug"). Outlets, wire
services and photo agencies cited as sources are dropped, as are people and places with no
sign of being a company, app or regulator. Result in doc._.interop_entities (id -> EntityRef);
spans keep their labels COMPANY / APP / REGULATOR with the id as kb_id.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.components.kb_entities import LABELS, TYPE_OF_LABEL
from nlp.cues import load_cues
from nlp.kb_load import cached_knowledge_base
from nlp.knowledge_base import KnowledgeBase, alias_key
from nlp.records import EntityRef
from nlp.typing_rules import APP_CANDIDATE, clean_name, find_unlabelled_apps, is_source, type_by_context

MODEL_LABELS = {"ORG", "PRODUCT", "PERSON", "GPE", "WORK_OF_ART", "FAC", "NORP", "LOC"}


@Language.factory("interop_entity_typer", default_config={"kb_dir": "", "cues_dir": "", "min_confidence": 0.5})
def make_entity_typer(nlp: Language, name: str, kb_dir: str, cues_dir: str, min_confidence: float) -> "EntityTyper":
    from pathlib import Path

    from nlp.options import BUNDLED_CUES

    cues = load_cues(Path(cues_dir) if cues_dir else BUNDLED_CUES)
    return EntityTyper(cached_knowledge_base(kb_dir), cues.context, min_confidence)


class EntityTyper:
    """`min_confidence`: entities typed below it are kept on the Doc but left out of extractions."""

    def __init__(self, kb: KnowledgeBase, context, min_confidence: float = 0.5):
        self.kb = kb
        self.context = context
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        refs: dict[str, EntityRef] = {}
        ignored: list[tuple[int, int, str]] = []
        new_ents: list[Span] = []
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        extra = [s for s in find_unlabelled_apps(doc, self.context) if not taken.intersection(range(s.start, s.end))]
        candidates: list[tuple[Span, str]] = []
        for span in sorted([*doc.ents, *extra], key=lambda s: s.start):
            if span.kb_id_ and span.label_ in TYPE_OF_LABEL:
                ent = self.kb.entities[span.kb_id_]
                if ent.id not in refs:
                    refs[ent.id] = EntityRef(id=ent.id, name=ent.name, type=ent.type, owner_id=ent.owner_id,
                                             country=ent.country, source="kb", confidence=1.0)
                new_ents.append(span)
            elif span.label_ in MODEL_LABELS or span.label_ == APP_CANDIDATE:
                candidates.append((span, clean_name(span.text)))
            else:
                new_ents.append(span)
        # a name the knowledge base linked elsewhere in the document is that entity here too ("Mastodon ...
        # on a Mastodon server", where the second mention alone gives no context)
        linked = {alias_key(n): i for i in refs for n in self.kb.entities[i].names}
        rest = []
        for span, name in candidates:
            ent_id = linked.get(alias_key(name)) if name else None
            if ent_id and span.label_ != APP_CANDIDATE and clean_name(span.text) == span.text.strip():
                new_ents.append(Span(doc, span.start, span.end, label=LABELS[refs[ent_id].type], kb_id=ent_id))
            else:
                rest.append((span, name))
        candidates = rest
        # type each unknown name by the best context among its mentions, then label every mention
        best: dict[str, tuple[str, float, str | None]] = {}
        typed_spans: list[tuple[Span, str]] = []
        for span, name in candidates:
            if not name or name.casefold() in self.context.outlets or is_source(doc, span, name, self.context):
                if name:
                    ignored.append((span.start_char, span.end_char, "source"))
                if span.label_ != APP_CANDIDATE:
                    new_ents.append(span)
                continue
            typed = type_by_context(doc, span, self.context, refs)
            if typed is not None:
                etype, confidence, owner_id, span = typed
                name = clean_name(span.text) or name  # the rules may trim the span ("Chipmaker MediaTek")
            key = name.casefold()
            if typed is not None:
                if key not in best or best[key][1] < confidence:
                    best[key] = (etype, confidence, owner_id)
            typed_spans.append((span, name))
        names: dict[str, str] = {}
        for span, name in typed_spans:
            key = name.casefold()
            if key not in best:
                if span.label_ != APP_CANDIDATE:
                    new_ents.append(span)
                continue
            etype, confidence, owner_id = best[key]
            ent_id = "model:" + re.sub(r"[^a-z0-9]+", "-", key).strip("-")
            names.setdefault(ent_id, name)
            refs[ent_id] = EntityRef(id=ent_id, name=names[ent_id], type=etype, owner_id=owner_id,
                                     country=None, source="model", confidence=confidence)
            new_ents.append(Span(doc, span.start, span.end, label=LABELS[etype], kb_id=ent_id))
        doc.ents = _non_overlapping(new_ents)
        doc._.interop_entities = refs
        doc._.interop_ignored = ignored
        return doc


def _non_overlapping(spans: list[Span]) -> list[Span]:
    out, last_end = [], -1
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if s.start >= last_end:
            out.append(s)
            last_end = s.end
    return out
