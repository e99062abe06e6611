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


@pytest.mark.parametrize("text", [
    "The Commission will examine whether Google Play's rules stop app developers from telling users about "
    "offers outside the store.",
    "The regulator opened an investigation into whether Apple blocks rival wallets from the iPhone's NFC chip.",
    "Apple is being investigated over restrictions on steering in the App Store.",
])
def test_an_investigation_being_opened_states_no_claim_yet(nlp, text):
    assert claims_of(nlp, text) == set()


def test_the_reason_for_a_fine_is_no_claim_but_context_for_the_order(nlp):
    text = ("The European Commission fined Apple 500 million euros for preventing app developers from pointing "
            "users to cheaper offers outside the App Store. It ordered Apple to remove the restrictions.")
    found = claims_of(nlp, text)
    assert {c[3] for c in found} == {"ordered"}
    assert {c[2] for c in found} == {"links"}


@pytest.mark.parametrize("text, host", [
    ("Japan's new law says Apple and Google must let developers use payment systems other than those of the "
     "App Store and Google Play on iOS and Android.", {"App Store", "Google Play"}),
    ("Google must let developers on Android offer alternative billing systems alongside Google Play's own.",
     {"Google Play"}),
])
def test_billing_and_steering_rules_are_the_stores_not_the_phones(nlp, text, host):
    found = {c[0] for c in claims_of(nlp, text) if c[2] in ("payment", "links")}
    assert found == host


def test_the_system_rivals_are_an_alternative_to_is_no_guest(nlp):
    found = claims_of(nlp, "Google now lets developers in Europe use payment systems other than Google Play Billing "
                           "inside apps on Google Play.")
    assert ("Google Play", None, "payment", "live") in found
    assert all(g != "Google Play Billing" for _, g, _, _ in found)


@pytest.mark.parametrize("text, expected", [
    ("Apple will have to let iPhone users install apps from alternative app stores, something Google's Android "
     "already permits.",
     {("iPhone", None, "app_distribution", "ordered"), ("Android", None, "app_distribution", "live")}),
    ("Browser makers will be able to build iPhone browsers on engines such as Blink, something Apple has never "
     "allowed.", {("iPhone", "Blink", "app_distribution", "planned")}),
])
def test_a_contrast_clause_is_read_on_its_own(nlp, text, expected):
    assert claims_of(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Apple's iMessage will not have to open up to rival messaging apps under the Digital Markets Act.",
     ("iMessage", None, "messaging", "refused")),
    ("The CMA said the measures it will consider include letting developers steer users to offers outside the "
     "App Store.", ("App Store", None, "links", "pending")),
    ("Apple gave no sign that it intends to open iMessage to other platforms.", ("iMessage", None, "messaging", "unclear")),
    ("Apple must open the iPhone's tap-and-go payment chip to rival mobile wallets under commitments the European "
     "Commission made binding, closing an investigation into Apple Pay.",
     ("iPhone", None, "device_access", "ordered")),
])
def test_status_kind_and_host_of_regulatory_wording(nlp, text, expected):
    assert expected in claims_of(nlp, text)


def test_an_investigation_into_a_service_does_not_make_it_a_host(nlp):
    text = ("Apple must open the iPhone's NFC chip to rival wallets, under commitments that close an investigation "
            "into Apple Pay.")
    assert "Apple Pay" not in {c[0] for c in claims_of(nlp, text)}


@pytest.mark.parametrize("text, expected", [
    ("Fortnite has been unavailable on the iPhone since August 2020.", ("iPhone", "Fortnite", "app_distribution", "refused")),
    ("Amazon has published a data portability API through which customers can let third parties receive their "
     "shopping data.", ("Amazon", None, "data_portability", "live")),
])
def test_more_ways_to_say_it(nlp, text, expected):
    found = claims_of(nlp, text)
    if expected[2] == "app_distribution":  # the phone's store is not named: the phone stands for it
        assert expected in found or ("iPhone", "Fortnite", "app_distribution", "refused") in found
    else:
        assert expected in found


def test_the_platforms_own_required_system_is_no_guest(nlp):
    found = claims_of(nlp, "Google said it would no longer require the use of Google Play Billing for in-app "
                           "purchases in apps on its Play Store.")
    assert found and all(h != "Google Play Billing" and g != "Google Play Billing" for h, g, _, _ in found)


def test_a_similar_offer_takes_the_kind_before(nlp):
    text = ("Amazon has published its own data portability API, through which customers can authorise third "
            "parties to receive their shopping data, and Microsoft offers a similar interface for LinkedIn.")
    assert {c[2] for c in claims_of(nlp, text)} == {"data_portability"}


def test_parties_to_a_suit_take_no_part(nlp):
    text = ("The changes were made possible by a ruling in Epic Games' case against Apple, which barred Apple from "
            "charging fees on purchases made outside apps.")
    assert not {c[0] for c in claims_of(nlp, text)} & {"Epic Games"}


def test_chats_as_the_place_links_open_are_no_messaging_claim(nlp):
    found = claims_of(nlp, "Tencent began letting WeChat users open links to rival platforms in one-on-one chats, "
                           "the first step by China's biggest messaging app to comply with the order.")
    assert {c[2] for c in found} == {"links"}


@pytest.mark.parametrize("text, expected", [
    ("Alibaba's Taobao and Tmall marketplaces will start accepting Tencent's WeChat Pay next week.",
     {("Taobao", "WeChat Pay", "payment", "planned"), ("Tmall", "WeChat Pay", "payment", "planned")}),
    ("iPhone users will be able to choose a rival app as their default payment app.",
     {("iPhone", None, "app_distribution", "planned")}),
])
def test_kind_is_what_is_opened_not_what_the_names_say(nlp, text, expected):
    assert claims_of(nlp, text) == expected


@pytest.mark.parametrize("text, status", [
    ("Google is barred from paying phone makers to preinstall the Play Store exclusively on Android phones.", "ordered"),
    ("WeChat removed the warning page that had stood in front of outside links in private chats.", "live"),
])
def test_more_status_wording(nlp, text, status):
    assert {c[3] for c in claims_of(nlp, text)} == {status}


def test_what_a_company_will_charge_is_not_what_is_unclear(nlp):
    text = "Apple will open the iPhone's NFC chip to rival wallets in the US. It did not say how much it will charge."
    assert {c[3] for c in claims_of(nlp, text)} == {"planned"}


def test_carrying_data_to_rivals_is_data_portability(nlp):
    found = claims_of(nlp, "Under the Digital Markets Act, Apple must let users carry their data to rival services.")
    assert ("Apple", None, "data_portability", "ordered") in found


def test_the_platform_whose_own_system_rivals_replace_is_the_host(nlp):
    found = claims_of(nlp, "Developers of apps sold only in South Korea can now use payment systems other than "
                           "Apple's own, the company said on Thursday.")
    assert found & {("App Store", None, "payment", "live"), ("Apple", None, "payment", "live")}


def test_app_stores_named_as_the_ones_ruled_are_no_app_distribution_claim(nlp):
    found = claims_of(nlp, "South Korea passed a law requiring app stores to let developers use third-party payment "
                           "systems, and Apple now lets developers there use other payment providers.")
    assert {c[2] for c in found} == {"payment"}


@pytest.mark.parametrize("text", [
    "Douyin sued Tencent, arguing that WeChat and QQ illegally restrict the sharing of Douyin content.",
    "Developers say WeChat and QQ still restrict links to Douyin videos.",
])
def test_a_plural_present_block_is_a_refusal(nlp, text):
    assert {c[3] for c in claims_of(nlp, text)} == {"refused"}


@pytest.mark.parametrize("text, expected", [
    ("Users of the food delivery app Ele.me and the online reading app Shuqi can now choose WeChat Pay at checkout.",
     {("Ele.me", "WeChat Pay", "payment", "live"), ("Shuqi", "WeChat Pay", "payment", "live")}),
    ("Alternative billing systems have been available to developers on Google Play in Europe since 2022.",
     {("Google Play", None, "payment", "live")}),
    ("Livestreamers on Douyin can no longer put products from Alibaba's Taobao in their shopping carts.",
     {("Douyin", "Taobao", "links", "refused")}),
    ("Users can now tap a link to a product on Alibaba's Taobao and see the page without leaving WeChat.",
     {("WeChat", "Taobao", "links", "live")}),
    ("Officials told Alibaba and Tencent that their messaging services had to stop blocking links from rivals.",
     {("Alibaba", None, "links", "ordered"), ("Tencent", None, "links", "ordered")}),
])
def test_wording_from_longer_articles(nlp, text, expected):
    assert expected <= claims_of(nlp, text)


def test_a_company_adding_its_own_payment_system_to_its_own_game_is_no_claim(nlp):
    assert claims_of(nlp, "Epic added its own payment system to Fortnite in August 2020.") == set()


@pytest.mark.parametrize("text, status", [
    ("South Korea's 2021 app payment law forced Google to offer alternative billing in the Play Store.", "live"),
    ("Shoppers on Taobao have had to copy a string of text and paste it into WeChat, which blocks Taobao links.",
     "refused"),
])
def test_coercion_told_in_the_past_and_having_had_to(nlp, text, status):
    assert status in {c[3] for c in claims_of(nlp, text)}
    assert "ordered" not in {c[3] for c in claims_of(nlp, text)}


def test_leaving_a_rival_as_the_main_option_is_not_leaving_a_platform(nlp):
    found = claims_of(nlp, "Alibaba does not let shoppers on Taobao pay with Tencent's WeChat Pay, leaving Alipay, "
                           "run by its affiliate Ant Group, as the main option.")
    assert ("Taobao", "WeChat Pay", "payment", "refused") in found and not any(h == "Alipay" for h, _, _, _ in found)


@pytest.mark.parametrize("name, never", [("EU", True), ("European Union", True), ("RCS", True), ("Apple", False),
                                         ("App Store", False), ("Eurostar", False)])
def test_a_bloc_where_a_rule_applies_is_never_a_host(name, never):
    from nlp.cues import load_cues
    from nlp.options import BUNDLED_CUES

    assert bool(load_cues(BUNDLED_CUES).context.never_hosts.search(name)) is never


def test_a_claim_inferred_through_several_uncertain_steps_is_not_stated():
    from nlp.claims import MIN_CLAIM_CONFIDENCE, _body_claims
    from nlp.records import Claim

    def claim(conf, host):
        return Claim(host_id=host, host=host, guest_id=None, guest=None, kind="links", status="live",
                     evidence="...", start=10, end=13, confidence=conf)

    kept = _body_claims([claim(0.85, "a"), claim(0.5, "b"), claim(0.4, "c"), claim(0.3, "d")], body_start=0)
    assert [c.host for c in kept] == ["a", "b"]
    assert 0.4 < MIN_CLAIM_CONFIDENCE <= 0.5


@pytest.mark.parametrize("text", [
    "Large platforms, WeChat and Taobao among them, were told to lift restrictions on links by the end of the year.",
    "The ministry said Douyin must remove curbs on link sharing within two weeks.",
])
def test_lifting_restrictions_on_links_opens_to_others(nlp, text):
    found = claims_of(nlp, text)
    assert found and all(k == "links" and s == "ordered" for _, _, k, s in found), found
