"""Cached knowledge base loading for the components (one load per folder and process)."""

from __future__ import annotations

import functools
from pathlib import Path

from nlp.knowledge_base import KnowledgeBase, load_knowledge_base


@functools.lru_cache(maxsize=4)
def cached_knowledge_base(kb_dir: str) -> KnowledgeBase:
    return load_knowledge_base(Path(kb_dir))
