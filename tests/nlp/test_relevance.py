"""The cheap relevance score: keyword terms on raw title and text, no statistical model."""

from __future__ import annotations

import pytest

from nlp.cues import load_cues
from nlp.options import BUNDLED_CUES
from nlp.relevance import relevance_score

TERMS = load_cues(BUNDLED_CUES).relevance


@pytest.mark.parametrize("title, text", [
    ("EU orders Apple to open iPhone to rival app stores",
     "The European Commission said Apple must allow sideloading and alternative app stores under the Digital Markets Act."),
    ("WeChat to unblock Taobao links", "Tencent said WeChat will stop blocking links to rivals after regulators told platforms to open up."),
    ("Korea fines Google over in-app payments", "The regulator said Google's billing rules broke the country's app store law."),
    ("WeChat to open links", "Tencent said WeChat will stop blocking Taobao links next month after regulators told platforms to open up."),
])
def test_regulation_and_interoperability_news_scores_high(title, text):
    assert relevance_score(title, text, TERMS) >= 0.5


@pytest.mark.parametrize("title, text", [
    ("Tencent quarterly results beat estimates", "Revenue rose 10 percent and net profit grew, helped by games. Shares rose in Hong Kong."),
    ("Rovers beat United 2-1", "A late goal settled a tense match in front of a full stadium on Saturday."),
    ("New phone review", "The camera copes well in low light and battery life is excellent."),
])
def test_earnings_sport_and_reviews_score_low(title, text):
    assert relevance_score(title, text, TERMS) < 0.5


def test_the_title_counts_more_than_the_text():
    body = "The app store is busy."
    assert relevance_score("Antitrust regulators probe app store", body, TERMS) > relevance_score("", body, TERMS)


def test_the_component_scores_a_doc(nlp):
    doc = nlp("Regulators told WeChat to stop blocking links to rival platforms under anti-monopoly rules.")
    assert doc._.interop_relevance >= 0.5
