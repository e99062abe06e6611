"""Wordings of an opening that name no opening verb: paying with a rival's wallet, a platform taking it,
'both' as the obliged pair, installing from the web, what customers can do.

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text, expected", [
    ("Shoppers on Tmall can now pay with Tencent's WeChat Pay.", ("Tmall", "WeChat Pay", "payment", "live")),
    ("Youku has taken WeChat Pay since 2021.", ("Youku", "WeChat Pay", "payment", "live")),
    ("Customers of Youku can pick WeChat Pay when they check out.", ("Youku", "WeChat Pay", "payment", "live")),
])
def test_paying_with_or_taking_a_rival_wallet_is_accepting_it(nlp, text, expected):
    assert expected in claims_of(nlp, text)


def test_both_as_subject_names_the_two_companies_just_named(nlp):
    text = "The new law names Apple and Google as gatekeepers. Both must allow rival app stores on their platforms."
    found = {(h, k, s) for h, _, k, s in claims_of(nlp, text)}
    hosts = {h for h, k, s in found if k == "app_distribution" and s == "ordered"}
    assert len(hosts) == 2 and not hosts & {"EU"}, found


def test_installing_apps_from_the_web_is_app_distribution(nlp):
    assert ("Android", None, "app_distribution", "live") in claims_of(
        nlp, "Android has always let people install apps from the web.")


def test_a_billing_system_offered_beside_the_stores_own_is_no_guest(nlp):
    found = claims_of(nlp, "Developers can now offer their own billing systems beside Google Play's.")
    assert not any(g == "Google Play" for _, g, _, _ in found), found


def test_what_shoppers_cannot_do_and_have_to_do_instead_is_a_refusal_not_an_order(nlp):
    found = claims_of(nlp, "Shoppers on Tmall cannot pay with WeChat Pay, and have to use another wallet.")
    assert ("Tmall", "WeChat Pay", "payment", "refused") in found, found
    assert not any(s == "ordered" for _, _, _, s in found), found


def test_users_unable_to_view_rival_links_is_a_refusal(nlp):
    found = claims_of(nlp, "WeChat users still cannot open links shared from Weibo.")
    assert {s for _, _, _, s in found} == {"refused"}, found


@pytest.mark.parametrize("text, status", [
    ("Shoppers on JD.com are offered WeChat Pay at checkout.", "live"),
    ("Since June, buyers on Pinduoduo were offered Alipay at checkout.", "live"),
])
def test_a_passive_opening_in_the_present_or_past_is_live(nlp, text, status):
    found = claims_of(nlp, text)
    assert {s for h, g, k, s in found if k == "payment" and g in {"WeChat Pay", "Alipay"}} == {status}, found


@pytest.mark.parametrize("text", [
    "After years of resisting, Apple has brought the RCS messaging standard to the iPhone.",
    "Alibaba has brought WeChat Pay to Taobao after months of talks.",
])
def test_an_opening_in_the_present_perfect_is_live(nlp, text):
    found = claims_of(nlp, text)
    assert found and {s for _, _, _, s in found} == {"live"}, found
