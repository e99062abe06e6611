"""The analyser: articles in, one Extraction per article out, in order, streaming.

Per batch of `batch_size` articles: each text is screened (empty, binary, not English: an
Extraction with `error`; control characters blanked; over-long text cut and flagged), scored by
the cheap relevance gate, and only the relevant ones go through the statistical model
(`nlp.pipe`). The title is read too, as the Doc's first paragraph, but as context only ("the
option" it names): entities and claims are those of the body, as annotators list them (a claim
whose rival only the title names keeps it). Mentions and claim offsets point into the body text. Irrelevant articles still get their score and the knowledge base entities found by
the phrase matcher alone (tokenizer + matcher, no model), with no claims. An article the gate lets
through stays relevant only where the analysis finds a claim or a regulator, court or legislature in
it (a product launch that names the platforms is not about their regulation). A document that fails
inside spaCy is retried alone, so one bad article cannot kill its batch.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice

import spacy
from spacy.tokens import Doc

from nlp.components.kb_entities import TYPE_OF_LABEL
from nlp.errors import NlpError
from nlp.records import ArticleText, Claim, EntityRef, Extraction, Mention
from nlp.screening import screen

FULL_ONLY = ("interop_relevance",)
TITLE_GAP = "\n\n"  # between title and body: the paragraph splitter starts a new sentence after it
_TITLE_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# a spelling that wraps the name in a possessor or a generic noun ("South Korea's National Assembly",
# "the Blink engine", "RCS messaging"): the name itself is what is left, when it is still a name
_POSSESSOR = re.compile(r"^.*['\u2019]s\s+")
_GENERIC_TAIL = re.compile(r"\s+(?:engine|engines|messaging|system|systems|service|services|standard|protocol|app|apps|network|"
                           r"platform|feature|technology|programme|program)$")  # lower case: a generic noun, not part of the name


def analyse(nlp: spacy.Language, articles: Iterable[ArticleText], batch_size: int = 32) -> Iterator[Extraction]:
    """One Extraction per input article, in input order; never holds more than one batch."""
    gate = nlp.get_pipe("interop_relevance")
    typer = nlp.get_pipe("interop_entity_typer")
    it = iter(articles)
    while True:
        chunk = list(islice(it, max(1, batch_size)))
        if not chunk:
            return
        yield from _analyse_chunk(nlp, chunk, gate, typer)


def _analyse_chunk(nlp, chunk: list[ArticleText], gate, typer) -> list[Extraction]:
    results: list[Extraction | None] = [None] * len(chunk)
    todo: list[tuple[int, str, float, tuple[str, ...]]] = []
    for i, article in enumerate(chunk):
        article_id = str(getattr(article, "id", "?"))
        try:
            screened = screen(article.text, gate.max_chars, getattr(article, "language", None))
            title = article.title if isinstance(article.title, str) else ""
            score = gate.score(title, screened.text)
        except NlpError as e:
            results[i] = Extraction(article_id=article_id, relevant=False, relevance_score=0.0, error=str(e))
            continue
        except Exception as e:  # a malformed record must not stop the others
            results[i] = Extraction(article_id=article_id, relevant=False, relevance_score=0.0,
                                    error=f"cannot analyse: {type(e).__name__}: {e}")
            continue
        if score >= gate.threshold:
            todo.append((i, _with_title(title, screened.text), score, screened.warnings))
        else:
            results[i] = _cheap(nlp, article_id, _with_title(title, screened.text), score, screened.warnings, typer)
    docs = _pipe_isolated(nlp, [t for _, t, _, _ in todo])
    for (i, _, score, warnings), doc in zip(todo, docs):
        article_id = str(chunk[i].id)
        if isinstance(doc, Exception):
            results[i] = Extraction(article_id=article_id, relevant=True, relevance_score=score,
                                    error=f"analysis failed: {type(doc).__name__}: {doc}", warnings=warnings)
        else:
            results[i] = _extraction(article_id, doc, True, score, warnings, typer.min_confidence)
    return results  # type: ignore[return-value]


def _with_title(title: str, text: str) -> tuple[str, int]:
    """The text the Doc is made of (title, a paragraph break, body) and where the body starts."""
    title = _TITLE_SPACE.sub(" ", "".join(ch if ch.isprintable() else " " for ch in title)).strip()
    if not title:
        return text, 0
    return title + TITLE_GAP + text, len(title) + len(TITLE_GAP)


def _make_doc(nlp, item: tuple[str, int]) -> Doc:
    doc = nlp.make_doc(item[0])
    doc._.interop_body_start = item[1]
    return doc


def _pipe_isolated(nlp, items: list[tuple[str, int]]) -> list[Doc | Exception]:
    if not items:
        return []
    try:
        return list(nlp.pipe([_make_doc(nlp, it) for it in items], batch_size=len(items), disable=FULL_ONLY))
    except Exception:
        out: list[Doc | Exception] = []
        for item in items:
            try:
                out.append(nlp(_make_doc(nlp, item), disable=FULL_ONLY))
            except Exception as e:
                out.append(e)
        return out


def _cheap(nlp, article_id: str, item: tuple[str, int], score: float, warnings, typer) -> Extraction:
    """An irrelevant article: knowledge base entities from the phrase matcher alone, no claims."""
    try:
        doc = _make_doc(nlp, item)
        doc = nlp.get_pipe("interop_kb_entities")(doc)
        doc = typer(doc)
    except Exception as e:
        return Extraction(article_id=article_id, relevant=False, relevance_score=score,
                          error=f"entity matching failed: {type(e).__name__}: {e}", warnings=warnings)
    return _extraction(article_id, doc, False, score, warnings, typer.min_confidence)


def _extraction(article_id: str, doc: Doc, relevant: bool, score: float, warnings, min_confidence: float) -> Extraction:
    refs: dict[str, EntityRef] = doc._.interop_entities or {}
    body = doc._.interop_body_start or 0
    claims: list[Claim] = list(doc._.interop_claims or ())
    in_claims = {c.host_id for c in claims} | {c.guest_id for c in claims}
    in_body = {e.kb_id_ for e in doc.ents if e.start_char >= body}  # a name only the headline gives is context
    keep = {i: r for i, r in refs.items() if (r.confidence >= min_confidence and i in in_body) or i in in_claims}
    spans = [e for e in doc.ents if e.label_ in TYPE_OF_LABEL and e.kb_id_ in keep]
    mentions = tuple(Mention(entity_id=e.kb_id_, surface=e.text, start=e.start_char - body, end=e.end_char - body)
                     for e in spans if e.start_char >= body)
    surfaces = _surfaces(spans, keep)
    entities = tuple(dataclasses.replace(r, surface=surfaces.get(i)) for i, r in keep.items())
    claims = [_claim_in_body(c, body, surfaces) for c in claims]
    # the gate lets through what may be relevant; the full analysis confirms it: an article about platform
    # regulation or interoperability states a claim or names a regulator, court or legislature (a product
    # launch or an earnings story that only names the platforms does neither)
    relevant = relevant and (bool(claims) or any(e.type == "regulator" for e in entities))
    return Extraction(article_id=article_id, relevant=relevant, relevance_score=score,
                      entities=entities, mentions=mentions, claims=tuple(claims), warnings=tuple(warnings))


def _spelling(text: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip())).strip()


def _bare(spelling: str, canonical: str = "") -> str | None:
    """The name without a possessor or a generic noun around it; None when what is left is no name.
    A possessive that belongs to the name itself ("People's Bank of China", "McDonald's") stays."""
    if not _POSSESSOR.match(canonical):
        spelling = _POSSESSOR.sub("", spelling)
    bare = _GENERIC_TAIL.sub("", spelling).strip()
    return bare if bare[:1].isupper() or (bare[:1].isalpha() and not bare.islower()) else None


def _surfaces(spans, refs: dict[str, EntityRef]) -> dict[str, str]:
    """Each entity's spelling in the article: its canonical name where the article uses it, else the
    spelling it uses most (the first of equals): "Justice Department", not "US Department of Justice"."""
    seen: dict[str, Counter] = {}
    for e in spans:
        bare = _bare(_spelling(e.text), refs[e.kb_id_].name)
        if bare:
            seen.setdefault(e.kb_id_, Counter())[bare] += 1
    out = {}
    for i, counts in seen.items():
        names = {n.casefold(): n for n in counts}
        out[i] = names.get(refs[i].name.casefold()) or max(counts, key=counts.get)
    return out


def _claim_in_body(c: Claim, body: int, surfaces: dict[str, str]) -> Claim:
    """Offsets into the body; host and guest spelled as the article spells them, the same in every
    claim (one entity, one name: a claim told twice in different words stays one claim)."""
    return dataclasses.replace(
        c, start=c.start - body, end=c.end - body,
        host_surface=surfaces.get(c.host_id) if c.host_id else None,
        guest_surface=surfaces.get(c.guest_id) if c.guest_id else None)