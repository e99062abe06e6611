"""analyse: articles in, one Extraction per article out, in order, streaming.

Per batch of `batch_size` articles: each text is screened (empty, binary, not English: an
Extraction with `error`; control characters blanked; over-long text cut and flagged), scored by
the cheap relevance gate, and only the relevant ones go through the statistical model
(`nlp.pipe`). Irrelevant articles still get their score and the knowledge base entities found by
the phrase matcher alone (tokenizer + matcher, no model), with no claims. A document that fails
inside spaCy is retried alone, so one bad article cannot kill its batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import spacy
from spacy.tokens import Doc

from nlp.components.kb_entities import TYPE_OF_LABEL
from nlp.errors import NlpError
from nlp.records import ArticleText, Claim, EntityRef, Extraction, Mention
from nlp.screening import screen

FULL_ONLY = ("interop_relevance",)


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
            todo.append((i, screened.text, score, screened.warnings))
        else:
            results[i] = _cheap(nlp, article_id, screened.text, score, screened.warnings, typer)
    docs = _pipe_isolated(nlp, [t for _, t, _, _ in todo])
    for (i, _, score, warnings), doc in zip(todo, docs):
        article_id = str(chunk[i].id)
        if isinstance(doc, Exception):
            results[i] = Extraction(article_id=article_id, relevant=True, relevance_score=score,
                                    error=f"analysis failed: {type(doc).__name__}: {doc}", warnings=warnings)
        else:
            results[i] = _extraction(article_id, doc, True, score, warnings, typer.min_confidence)
    return results  # type: ignore[return-value]


def _pipe_isolated(nlp, texts: list[str]) -> list[Doc | Exception]:
    if not texts:
        return []
    try:
        return list(nlp.pipe(texts, batch_size=len(texts), disable=FULL_ONLY))
    except Exception:
        out: list[Doc | Exception] = []
        for text in texts:
            try:
                out.append(nlp(text, disable=FULL_ONLY))
            except Exception as e:
                out.append(e)
        return out


def _cheap(nlp, article_id: str, text: str, score: float, warnings, typer) -> Extraction:
    """An irrelevant article: knowledge base entities from the phrase matcher alone, no claims."""
    try:
        doc = nlp.make_doc(text)
        doc = nlp.get_pipe("interop_kb_entities")(doc)
        doc = typer(doc)
    except Exception as e:
        return Extraction(article_id=article_id, relevant=False, relevance_score=score,
                          error=f"entity matching failed: {type(e).__name__}: {e}", warnings=warnings)
    return _extraction(article_id, doc, False, score, warnings, typer.min_confidence)


def _extraction(article_id: str, doc: Doc, relevant: bool, score: float, warnings, min_confidence: float) -> Extraction:
    refs: dict[str, EntityRef] = doc._.interop_entities or {}
    claims: list[Claim] = list(doc._.interop_claims or ())
    in_claims = {c.host_id for c in claims} | {c.guest_id for c in claims}
    keep = {i: r for i, r in refs.items() if r.confidence >= min_confidence or i in in_claims}
    mentions = tuple(
        Mention(entity_id=e.kb_id_, surface=e.text, start=e.start_char, end=e.end_char)
        for e in doc.ents if e.label_ in TYPE_OF_LABEL and e.kb_id_ in keep
    )
    return Extraction(article_id=article_id, relevant=relevant, relevance_score=score,
                      entities=tuple(keep.values()), mentions=mentions, claims=tuple(claims),
                      warnings=tuple(warnings))
