"""Refusals stated without 'refuse', and what is no order: several phrasings of each behaviour.

Sentences in our own words on real events.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text, expected", [
    # a platform's own requirement keeps rivals out: no regulator orders it
    ("Apple still requires purchases made inside iPhone apps to go through its own payment system.",
     ("iPhone", None, "payment", "refused")),
    ("Google requires every app on Google Play to use its own billing system for digital goods.",
     ("Google Play", None, "payment", "refused")),
    ("Apple's requirement that every browser on the iPhone use its own WebKit engine has held back rival browsers.",
     ("iPhone", None, "app_distribution", "refused")),
    ("Apple insists that every browser on the iPhone use its own WebKit engine.",
     ("iPhone", None, "app_distribution", "refused")),
])
def test_a_platforms_own_requirement_is_a_refusal(nlp, text, expected):
    assert expected in claims_of(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("The Commission's requirement that Apple let rival app stores onto the iPhone took effect in March.",
     ("iPhone", None, "app_distribution", "ordered")),
    ("The law requires Apple to let rival app stores onto the iPhone.", ("iPhone", None, "app_distribution", "ordered")),
    ("Apple must let rival wallets use the NFC chip of the iPhone.", ("iPhone", None, "device_access", "ordered")),
])
def test_a_requirement_by_a_rule_or_regulator_stays_an_order(nlp, text, expected):
    assert expected in claims_of(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("Apple lets iPhone owners install apps only from its own App Store.", ("iPhone", None, "app_distribution", "refused")),
    ("On iOS, only Apple Pay can use the NFC chip for payments in shops.", ("iOS", None, "device_access", "refused")),
    ("Until now Apple Pay was the only wallet able to use the NFC chip of the iPhone.",
     ("iPhone", None, "device_access", "refused")),
])
def test_exclusivity_is_a_refusal(nlp, text, expected):
    assert expected in claims_of(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("Apple will allow alternative app stores only in the European Union.", "planned"),
    ("Fortnite will return to the App Store only when Epic can offer its own payment option.", "planned"),
])
def test_only_of_place_or_condition_is_no_refusal(nlp, text, expected):
    found = claims_of(nlp, text)
    assert found and {c[3] for c in found} == {expected}, found


@pytest.mark.parametrize("text, expected", [
    ("Fortnite is still missing from the App Store.", ("App Store", "Fortnite", "app_distribution", "refused")),
    ("Fortnite has remained off the App Store since 2020.", ("App Store", "Fortnite", "app_distribution", "refused")),
    ("WeChat Pay is still missing from Taobao.", ("Taobao", "WeChat Pay", "payment", "refused")),
    ("WeChat has limited the sharing of Douyin videos since 2019.", ("WeChat", "Douyin", "links", "refused")),
    ("Alipay is not offered as a way to pay inside WeChat's mini programs.", ("WeChat", "Alipay", "payment", "refused")),
])
def test_absence_and_limits_are_refusals(nlp, text, expected):
    assert expected in claims_of(nlp, text)


@pytest.mark.parametrize("text", [
    "Apple warned that it would have limited ability to help with refunds for purchases made elsewhere.",
    "For now, iPhone users who want richer chats with Android users must rely on apps such as WhatsApp.",
    "To connect, a rival must sign an agreement with Meta and meet its security rules.",
])
def test_what_users_or_rivals_must_do_and_limited_as_an_adjective_are_no_claims(nlp, text):
    assert claims_of(nlp, text) == set()


def test_users_who_must_be_given_a_choice_state_an_order(nlp):
    text = "Under the law, users must be able to uninstall preinstalled apps and choose other app stores on Android."
    assert ("Android", None, "app_distribution", "ordered") in claims_of(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("Meituan's food delivery app still does not accept WeChat Pay, while Alibaba's Taobao has for years stopped "
     "shoppers from paying with it.",
     {("Meituan", "WeChat Pay", "payment", "refused"), ("Taobao", "WeChat Pay", "payment", "refused")}),
    ("WeChat has limited the sharing of Douyin videos since 2019, while Taobao has never accepted WeChat Pay.",
     {("WeChat", "Douyin", "links", "refused"), ("Taobao", "WeChat Pay", "payment", "refused")}),
])
def test_a_while_clause_is_read_on_its_own(nlp, text, expected):
    assert claims_of(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Douyin stopped merchants from linking to Taobao products last year.", ("Douyin", "Taobao", "links", "refused")),
    ("Kuaishou has barred streamers from linking to JD.com listings.", ("Kuaishou", "JD.com", "links", "refused")),
])
def test_linking_to_a_rival_is_links(nlp, text, expected):
    assert expected in claims_of(nlp, text)
