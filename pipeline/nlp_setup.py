"""Building the NLP pipeline from the config (the one place pipeline knows nlp's options)."""

from __future__ import annotations

import dataclasses

from nlp.options import NlpOptions
from pipeline.config import Config


def nlp_options(config: Config) -> NlpOptions:
    values = dict(kb_dir=config.kb_dir, model=config.nlp.model, batch_size=config.nlp.batch_size,
                  relevance_threshold=config.nlp.relevance_threshold, max_chars=config.nlp.max_chars)
    if "cues_dir" in {f.name for f in dataclasses.fields(NlpOptions)}:
        values["cues_dir"] = config.cues_dir
    return NlpOptions(**values)


def build_nlp(config: Config):
    from nlp import load_nlp

    return load_nlp(nlp_options(config))
