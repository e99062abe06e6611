"""What a clause of time or cause says is context: the kind is the main clause's; 'both companies' are the
two named last, in the same sentence too.

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

from tests.nlp.conftest import claims_of


def test_a_clause_of_time_does_not_give_the_kind(nlp):
    text = "Apple pulled Fortnite from the App Store in 2020 after Epic added its own payment option to the game."
    kinds = {k for _, g, k, _ in claims_of(nlp, text) if g == "Fortnite"}
    assert kinds == {"app_distribution"}, kinds


def test_a_clause_of_cause_does_not_give_the_kind(nlp):
    text = ("Several Alibaba apps, including Youku, added WeChat Pay in 2021 after the ministry told platforms to "
            "stop blocking one another's links.")
    kinds = {k for h, _, k, _ in claims_of(nlp, text) if h == "Youku"}
    assert kinds == {"payment"}, kinds


def test_both_companies_are_the_two_named_just_before_in_the_sentence(nlp):
    text = ("Tencent made its own wallet the default. Epic sued Google and Apple that year, on the day both "
            "companies removed Fortnite from their stores.")
    hosts = {h for h, g, _, _ in claims_of(nlp, text) if g == "Fortnite"}
    assert hosts and hosts <= {"Google", "Apple", "App Store", "Google Play"}, hosts
