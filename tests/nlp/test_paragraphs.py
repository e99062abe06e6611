"""Line breaks start sentences, and a line with no full stop before them cuts nothing off the next."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of

BODY = "Taobao and Tmall have added WeChat Pay, the company said."


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize("before", [
    "The details\n\n",  # a subheading
    "Photo: Getty Images\n",  # a credit on the line before
    "China opens up\n\n",  # a headline
    "Alibaba opened up this week.\n\n",
])
def test_a_line_break_starts_a_sentence_and_cuts_nothing_off_the_next(nlp, before):
    assert sentences(nlp, before + BODY)[-1] == BODY
    assert {c[0] for c in claims_of(nlp, before + BODY)} == {"Taobao", "Tmall"}


@pytest.mark.parametrize("text, expected", [
    ("What about iMessage?\n\nWhy? Because Apple says so.", ["What about iMessage?", "Why?", "Because Apple says so."]),
    ("Key points\n\nYes. Apple will open NFC.", ["Key points", "Yes.", "Apple will open NFC."]),
    ("Key points\nOne\nTwo", ["Key points", "One", "Two"]),
])
def test_short_sentences_at_a_line_start_stay_their_own(nlp, text, expected):
    assert sentences(nlp, text) == expected
