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


@pytest.mark.parametrize("text, expected", [
    ("Taobao began testing WeChat Pay with some shoppers in March. "
     "Alibaba has not said when, or whether, the option will be offered to all shoppers.",
     ("Alibaba", "WeChat Pay", "payment", "unclear")),
    ("Threads has begun letting users share their posts with Mastodon and other servers in the fediverse. "
     "Meta has not said when the feature will be offered in the European Union.",
     ("Meta", "Mastodon", "other", "unclear")),
    ("South Korea's law requires Google Play and the App Store to let developers offer other payment systems. "
     "Apple and Google have not said whether they will change their policies in other countries.",
     ("Apple", None, "payment", "unclear")),
])
def test_nothing_known_of_the_opening_just_told_is_unclear(nlp, text, expected):
    assert expected in claims_of(nlp, text)


def test_a_clause_saying_nothing_is_known_makes_the_clause_before_unclear(nlp):
    text = ("Ele.me and Youku began accepting WeChat Pay last year. "
            "Taobao and Tmall still do not offer it, and Alibaba has given no timetable.")
    found = claims_of(nlp, text)
    assert {("Taobao", "WeChat Pay", "payment", "unclear"), ("Tmall", "WeChat Pay", "payment", "unclear")} <= found
    assert not any(c[0] == "Alibaba" for c in found)


def test_apps_named_after_including_in_the_subject_are_hosts(nlp):
    text = ("Alibaba said several of its smaller apps, including the food delivery service Ele.me and the video "
            "site Youku, had begun accepting Tencent's WeChat Pay.")
    assert {("Ele.me", "WeChat Pay", "payment", "live"), ("Youku", "WeChat Pay", "payment", "live")} <= claims_of(nlp, text)


def test_paying_with_a_super_app_is_paying_with_its_wallet(nlp):
    text = ("Taobao is testing Tencent's WeChat Pay. "
            "Some users now see an option on Taobao's checkout page to pay by scanning a code with WeChat.")
    assert all(g != "WeChat" for _, g, k, _ in claims_of(nlp, text) if k == "payment")


def test_a_name_right_after_an_opening_verb_is_its_object_whatever_the_parse(nlp):
    text = "WeChat does not accept Alipay, the rival wallet run by Ant Group, and Tencent has not said whether that will change."
    assert ("WeChat", "Alipay", "payment", "unclear") in claims_of(nlp, text)


def test_a_kind_read_only_from_the_hosts_name_gives_way_to_the_kind_before(nlp):
    text = ("Spotify has started showing iPhone users in the US how to buy outside Apple's App Store. "
            "The company said the change removed a barrier that had long forced users to find deals on their own.")
    assert {c[2] for c in claims_of(nlp, text)} == {"links"}


def test_similar_arrangements_take_the_kind_before(nlp):
    text = ("Spotify users on Android will be able to pay through Spotify's own payment system, not just Google "
            "Play's, Google said. Google said it would work with other developers on similar arrangements.")
    assert {c[2] for c in claims_of(nlp, text)} == {"payment"}


def test_downloading_from_developers_websites_is_app_distribution(nlp):
    found = claims_of(nlp, "Unlike in the European Union, Apple will not allow apps to be downloaded directly from "
                           "developers' websites in Japan.")
    assert ("Apple", None, "app_distribution", "refused") in found


def test_a_name_set_against_the_subject_takes_no_part(nlp):
    text = ("Unlike Apple's iPhone, Android already lets users install apps from outside Google Play, and lets "
            "rival stores such as Samsung's Galaxy Store come preinstalled on phones.")
    assert {c[0] for c in claims_of(nlp, text)} == {"Android"}
    assert ("Android", "Galaxy Store", "app_distribution", "live") in claims_of(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("Apple's iMessage remains closed to Android.", ("iMessage", "Android", "messaging", "refused")),
    ("Apple said iMessage would stay closed to other platforms. Last year it shut down Beeper Mini, an Android app "
     "that let Android users send messages to iPhones.", ("iMessage", "Beeper Mini", "messaging", "refused")),
])
def test_closed_and_shut_down_are_refusals(nlp, text, expected):
    found = claims_of(nlp, text)
    assert expected in found or (("Apple",) + expected[1:]) in found
    assert not any(h == "Android" for h, _, _, _ in found)


def test_the_service_a_company_opens_is_its_platform_named_before(nlp):
    text = ("iMessage does not work with Android phones. Apple has not opened the service to other platforms.")
    assert ("iMessage", None, "messaging", "refused") in claims_of(nlp, text)


def test_the_companies_are_the_last_two_named(nlp):
    text = ("Google and Apple let developers in Korea offer third-party payment options inside their apps. "
            "Developers said the companies still barred links to cheaper offers on the web.")
    found = claims_of(nlp, text)
    assert {("Google", None, "links", "refused"), ("Apple", None, "links", "refused")} <= found


def test_the_phone_is_the_device_named_before(nlp):
    text = ("Apple will open the iPhone's NFC chip to rival wallets in the US. Users will be able to set a "
            "third-party app as their default contactless app, so that it opens when the phone is held near a reader.")
    assert ("iPhone", None, "app_distribution", "planned") in claims_of(nlp, text)


def test_an_interface_for_a_service_makes_it_the_host(nlp):
    text = ("Amazon has published a data portability API through which customers can let third parties receive "
            "their shopping data, and Microsoft offers a similar interface for LinkedIn.")
    hosts = {c[0] for c in claims_of(nlp, text)}
    assert "LinkedIn" in hosts and "Microsoft" not in hosts


@pytest.mark.parametrize("text, expected", [
    ("The judge ordered Apple to let developers steer users to other payment options outside the App Store. "
     "Amazon's Kindle app now has a button that opens a web page where readers can buy e-books.",
     ("App Store", "Kindle", "links", "live")),
    ("Apple said last week that reader apps, such as Netflix and Spotify, would be able to link to their own "
     "websites from the App Store early next year.",
     ("App Store", "Netflix", "links", "planned")),
])
def test_apps_sending_users_to_their_own_sites_are_the_stores_guests(nlp, text, expected):
    assert expected in claims_of(nlp, text)
