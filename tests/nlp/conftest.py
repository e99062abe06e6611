"""The NLP pipeline, loaded once per test session on the repository's knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import NlpOptions, load_nlp

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def options() -> NlpOptions:
    return NlpOptions(kb_dir=REPO / "config" / "kb")


@pytest.fixture(scope="session")
def nlp(options):
    return load_nlp(options)


def claims_of(nlp, text: str) -> set[tuple]:
    doc = nlp(text)
    return {(c.host, c.guest, c.kind, c.status) for c in doc._.interop_claims}
