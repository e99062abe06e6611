"""spaCy pipeline: article text -> entities, mentions, claims, relevance.

Knows nothing of Scrapy or SQLite. Public interface:

    load_nlp(options: NlpOptions) -> spacy.Language
    analyse(nlp, articles: Iterable[ArticleText], batch_size=32) -> Iterator[Extraction]
    extraction_to_json(extraction) -> dict   # the scorer's JSON Lines object

Errors: NlpError and its subclasses (ModelNotFoundError, KnowledgeBaseError, CueError);
an article that cannot be analysed (empty, binary, not English) gives Extraction(error=...)
instead of raising, and the batch goes on.

How an article is read (details in each module):
- screening.py: empty / binary / non-English texts refused; control characters blanked one for
  one (offsets stay valid); texts over NlpOptions.max_chars cut and flagged in `warnings`.
- analyser.py: `analyse`, batching and per-article errors. The title is read as the Doc's first
  paragraph, as context only; entities and claims are the body's, named as the article spells them
  (EntityRef.surface, Claim.host_surface / guest_surface; canonical names and ids stay).
- relevance.py: a keyword score on raw title + text (config/cues/relevance.toml), run *before*
  the statistical model. Articles under the threshold never reach it: they get their score, the
  knowledge-base entities found by the phrase matcher alone (tokenizer + matcher) and no claims.
- components/: the base model (lemmatizer and attribute ruler removed) plus a paragraph splitter,
  the KB entity matcher (overrides the NER), the entity typer (links to KB ids, types unknown
  names by context, drops outlets, people, places) and the claim finder (claims.py, clauses.py,
  roles.py, references.py, status.py, kinds.py; cue lists in config/cues/).
"""

from importlib import import_module

# Imported on first use, so `import nlp.errors` (the CLI's error handling) does not load spaCy.
_EXPORTS = {
    "analyse": "nlp.analyser", "load_nlp": "nlp.pipeline", "extraction_to_json": "nlp.serialize",
    "NlpOptions": "nlp.options",
    "CueError": "nlp.errors", "KnowledgeBaseError": "nlp.errors", "ModelNotFoundError": "nlp.errors",
    "NlpError": "nlp.errors", "UnanalysableText": "nlp.errors",
    "ArticleText": "nlp.records", "Claim": "nlp.records", "EntityRef": "nlp.records", "Extraction": "nlp.records",
    "Mention": "nlp.records",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")
