"""Rivals and hosts named only by reference, and the kind `other`.

Short articles in our own words on real events; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text, guests", [
    ("Meta said BirdyChat and Haiket would be the first outside messengers to connect. "
     "WhatsApp users will soon be able to send messages to contacts on the two apps, the company said.",
     {"BirdyChat", "Haiket"}),
    ("Signal and Telegram have not applied to connect. "
     "WhatsApp has said it will not open its chats to both apps without a signed agreement.",
     {"Signal", "Telegram"}),
])
def test_the_two_apps_are_the_two_named_before(nlp, text, guests):
    found = {c[1] for c in claims_of(nlp, text) if c[0] == "WhatsApp"}
    assert guests <= found


@pytest.mark.parametrize("text, expected", [
    ("Ele.me began accepting WeChat Pay in September. Youku started accepting it a month later.",
     ("Youku", "WeChat Pay", "payment", "live")),
    ("Tmall will start accepting WeChat Pay next week. Taobao Deals has offered the option since August.",
     ("Taobao Deals", "WeChat Pay", "payment", "live")),
])
def test_it_and_the_option_after_an_opening_verb_are_the_rival_named_before(nlp, text, expected):
    assert expected in claims_of(nlp, text)


def test_the_two_companies_name_no_rival(nlp):
    text = ("Taobao began testing WeChat Pay in March. The trial suggests the two companies are still far from a "
            "full integration, in which shoppers would pay inside Taobao with a tap.")
    assert all(g in ("WeChat Pay", None) for _, g, _, _ in claims_of(nlp, text))


def test_a_feature_rolling_out_on_phones_stays_the_hosts(nlp):
    text = ("WhatsApp will let users in Europe chat with people on rival messaging apps, Meta said. "
            "The feature will roll out on Android and iOS over the coming months.")
    hosts = {c[0] for c in claims_of(nlp, text)}
    assert "WhatsApp" in hosts and not hosts & {"Android", "iOS"}


@pytest.mark.parametrize("text, expected", [
    ("Microsoft must also make Word, Excel and Outlook interoperate with rival collaboration tools.",
     {("Microsoft Word", None, "other", "ordered"), ("Microsoft Excel", None, "other", "ordered"),
      ("Outlook", None, "other", "ordered")}),
    ("Threads has begun letting users share their posts with Mastodon and other servers in the fediverse.",
     {("Threads", "Mastodon", "other", "live")}),
])
def test_interoperability_of_no_listed_kind_is_other(nlp, text, expected):
    assert expected <= claims_of(nlp, text)


def test_a_platform_named_in_a_comparison_is_no_guest(nlp):
    text = ("Microsoft must make Outlook interoperate with rival collaboration tools, so that competitors' "
            "products work with it as well as Teams does.")
    assert {c[1] for c in claims_of(nlp, text)} == {None}


def test_a_specific_kind_wins_over_other(nlp):
    found = claims_of(nlp, "WhatsApp must interoperate with rival messaging apps from March.")
    assert {c[2] for c in found} == {"messaging"}


@pytest.mark.parametrize("text, expected", [
    ("Developers in Japan can now offer payment processors other than Apple's in-app purchase system in the "
     "App Store, or link users to their websites to buy digital goods.",
     {("App Store", None, "payment", "live"), ("App Store", None, "links", "live")}),
])
def test_billing_and_steering_in_one_sentence_give_two_claims(nlp, text, expected):
    assert expected <= claims_of(nlp, text)


@pytest.mark.parametrize("text", [
    "RCS brings typing indicators and read receipts to conversations with people on other platforms.",
    "Universal Profile 3.0 adds end-to-end encryption, a feature users of other messaging apps already have.",
])
def test_a_standard_hosts_no_one(nlp, text):
    assert not {c[0] for c in claims_of(nlp, text)} & {"RCS", "Universal Profile", "Rich Communication Services"}


def test_a_standard_can_be_what_is_let_in(nlp):
    assert ("iPhone", "RCS", "messaging", "planned") in claims_of(
        nlp, "Apple said iPhones would support RCS, the texting standard, later this year.")


@pytest.mark.parametrize("text, expected", [
    ("Spotify and Amazon's Kindle app have started showing iPhone users how to buy outside Apple's App Store.",
     {("App Store", "Spotify", "links", "live"), ("App Store", "Kindle", "links", "live")}),
])
def test_apps_steering_users_outside_a_store_are_its_guests(nlp, text, expected):
    assert expected <= claims_of(nlp, text)


def test_apps_back_on_the_store_are_its_guests(nlp):
    text = ("Google removed Shaadi.com and Naukri from its Play Store on Friday. "
            "Shaadi.com and Naukri were already back on the store by Monday.")
    found = claims_of(nlp, text)
    assert {("Google Play", "Shaadi.com", "app_distribution", "live"),
            ("Google Play", "Naukri", "app_distribution", "live")} <= found
