"""Proposals and procedures: what is offered, weighed or opened as a procedure is not yet an opening.

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from nlp.cues import fold, load_cues
from nlp.options import BUNDLED_CUES
from nlp.status import read_status
from tests.nlp.conftest import claims_of


def _open_cue():
    return next(c for c in load_cues(BUNDLED_CUES).triggers if c.id == "enable.open")


@pytest.mark.parametrize("text", [
    "The marketplace opened a public consultation on its payment rules.",
    "The regulator opened a second formal investigation into the store.",
    "Brussels opened its first proceedings in March.",
])
def test_opening_a_procedure_is_no_opening_trigger(text):
    assert not list(_open_cue().finditer(fold(text)))


@pytest.mark.parametrize("text", [
    "The messenger opened its chats to rival apps.",
    "Samsung will open its Galaxy Store billing to other payment providers.",
])
def test_opening_a_platform_is_still_a_trigger(text):
    assert list(_open_cue().finditer(fold(text)))


@pytest.mark.parametrize("text", [
    "Samsung has offered to let rival wallets use the phone's payment chip without a fee.",
    "The company proposes to give outside developers access to the watch's health sensors.",
    "The authority said it could require the platform to let sellers link to their own websites.",
])
def test_an_offer_or_a_weighed_requirement_is_pending(text):
    cues = load_cues(BUNDLED_CUES)
    reading = read_status(text, cues.statuses, cues.rewrites)
    assert reading is not None and reading.status == "pending"


def test_an_offer_to_open_gives_a_pending_claim(nlp):
    found = claims_of(nlp, "Apple has offered to let rival wallets use the iPhone's payment chip in Europe.")
    assert found and {c[3] for c in found} == {"pending"}


def test_the_object_of_a_weighed_order_is_the_host(nlp):
    text = ("The CMA named Google a gatekeeper in search last month, and has said it may require the company "
            "to show rival search engines on a choice screen.")
    hosts = {c[0] for c in claims_of(nlp, text)}
    assert hosts == {"Google"}, hosts


def test_content_shared_from_a_rival_names_the_guest(nlp):
    text = "Douyin has lifted its limits on clips shared from the short-video app Kuaishou."
    found = {(c[0], c[1], c[2]) for c in claims_of(nlp, text)}
    assert ("Douyin", "Kuaishou", "links") in found, found


def test_buying_items_on_the_hosts_own_apps_is_no_links_claim(nlp):
    text = "Alibaba now lets shoppers buy items on some of its apps via WeChat Pay, the wallet run by Tencent."
    assert "links" not in {c[2] for c in claims_of(nlp, text)}


@pytest.mark.parametrize("text", [
    "The Commission found Apple in breach of the rules on steering customers to offers outside the App Store.",
    "Brussels fined Apple 500 million euros over restrictions on steering users to offers outside the App Store.",
    "The Commission is expected to rule soon on whether Apple breached the law by restricting links to outside offers.",
])
def test_a_finding_of_breach_or_a_pending_ruling_states_no_claim(nlp, text):
    assert claims_of(nlp, text) == set()


def test_being_told_about_an_option_is_no_order(nlp):
    text = "Users will be told about the new option through notifications inside WhatsApp and Messenger."
    assert not {c for c in claims_of(nlp, text) if c[3] == "ordered" or c[2] == "device_access"}


@pytest.mark.parametrize("text", [
    "The Epic Games Store opened with three of Epic's own games.",
    "The Setapp store launched with two dozen of its own apps.",
])
def test_a_store_starting_out_with_its_own_titles_is_no_opening(nlp, text):
    assert claims_of(nlp, text) == set()


def test_a_store_described_as_the_first_alternative_one_is_the_guest(nlp):
    text = "AltStore PAL became the first alternative app marketplace available to iPhone users in the EU on Wednesday."
    assert ("iPhone", "AltStore PAL", "app_distribution", "live") in claims_of(nlp, text)


def test_a_company_launching_its_own_store_on_a_platform_is_the_guest(nlp):
    text = "Epic Games launched its own app store on iPhones in the European Union on Friday."
    found = claims_of(nlp, text)
    assert ("iPhone", "Epic Games", "app_distribution", "live") in found, found
    assert not any(h == "Epic Games" for h, _, _, _ in found), found
