"""Custom Doc attributes set by our components."""

from __future__ import annotations

from spacy.tokens import Doc


def register_extensions() -> None:
    for name, default in (
        ("interop_relevance", None),   # float in [0, 1], set by interop_relevance
        ("interop_entities", None),    # dict id -> EntityRef, set by interop_entity_typer
        ("interop_ignored", None),     # list of (start_char, end_char, reason): outlets, sources
        ("interop_claims", None),      # list of Claim, set by interop_claims
        ("interop_body_start", 0),     # where the body starts when `analyse` put the title first
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
