"""Building the NLP pipeline from the config (the one place pipeline knows nlp's options)."""

from __future__ import annotations

from nlp.options import NlpOptions
from pipeline.config import Config


def nlp_options(config: Config) -> NlpOptions:
    return NlpOptions(kb_dir=config.kb_dir, cues_dir=config.cues_dir, model=config.nlp.model,
                      batch_size=config.nlp.batch_size, relevance_threshold=config.nlp.relevance_threshold,
                      max_chars=config.nlp.max_chars)


def build_nlp(config: Config):
    from nlp import load_nlp

    return load_nlp(nlp_options(config))
