"""What is not a claim: a platform's own features, questions, words inside names, fines and suits.

Sentences are our own wording of real events; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text", [
    "iOS 18 also lets users customise their home screens and schedule messages to be sent later.",
    "TikTok's Family Pairing feature lets a parent link their account to a child's.",
    "WhatsApp now lets users edit messages for fifteen minutes after sending them.",
    "Google Photos will let users move pictures into a locked folder on their phones.",
    "Meta's subscription lets users of Facebook and Instagram in Europe pay a monthly fee to avoid ads.",
])
def test_a_platforms_own_feature_is_no_claim(nlp, text):
    assert claims_of(nlp, text) == set()


@pytest.mark.parametrize("text, expected", [
    ("Apple will let developers in the EU offer alternative payment providers in their apps.",
     ("App Store", "payment")),
    ("WeChat now lets users open external links in one-on-one chats.", ("WeChat", "links")),
    ("Google will let developers link users to their own websites to pay.", ("Google Play", "links")),
    ("Apple will allow third-party app marketplaces on the iPhone in the EU.", ("iPhone", "app_distribution")),
    ("WhatsApp will let users chat with people on other messaging apps.", ("WhatsApp", "messaging")),
])
def test_an_opening_to_rivals_with_no_named_guest_is_a_claim(nlp, text, expected):
    found = {(c[0], c[2]) for c in claims_of(nlp, text)}
    if expected[0] == "App Store":  # the store is named nowhere: the company stands for it
        assert ("Apple", "payment") in found or expected in found
    elif expected[0] == "Google Play":
        assert ("Google", "links") in found or expected in found
    else:
        assert expected in found


@pytest.mark.parametrize("text", [
    '"Why would Apple stop a service that lets its own users send encrypted messages to Android users?" Beeper asked.',
    "Will Taobao ever accept WeChat Pay?",
])
def test_a_question_states_no_claim(nlp, text):
    assert claims_of(nlp, text) == set()


def test_a_trigger_word_inside_a_name_is_no_trigger(nlp):
    text = ("The tool was built with the Data Transfer Initiative, a nonprofit that Google, Facebook and Microsoft "
            "started in 2018.")
    assert claims_of(nlp, text) == set()


def test_it_after_said_is_the_speaker(nlp):
    text = ("Nothing briefly offered iMessage on its phones through Nothing Chats. "
            "Apple has said it will adopt RCS, the texting standard, on iPhones next year.")
    assert ("iPhone", "RCS", "messaging", "planned") in claims_of(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("Apple will adopt RCS on iPhones next year.", ("iPhone", "RCS", "messaging", "planned")),
    ("Apple reinstated Fortnite in the App Store on Tuesday.", ("App Store", "Fortnite", "app_distribution", "live")),
])
def test_adopting_and_reinstating_are_openings(nlp, text, expected):
    assert expected in claims_of(nlp, text)
