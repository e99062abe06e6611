"""Which platform is the host: the one the sentence names, the company only when none is named.

Short texts in our own words; each behaviour is checked in several phrasings.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of

STORE_BEFORE = "Google Play is the main app store on Android phones. "


@pytest.mark.parametrize("text, host", [
    # a company opening its billing, with no store named in the sentence: the company
    (STORE_BEFORE + "Google now lets developers in Europe offer alternative billing systems.", "Google"),
    (STORE_BEFORE + "Last year Google began allowing app makers to use rival payment processors.", "Google"),
    # the store named in the sentence: the store
    (STORE_BEFORE + "Google now lets developers offer alternative billing systems in Google Play.", "Google Play"),
    ("Developers on Google Play can now offer alternative billing systems, Google said.", "Google Play"),
])
def test_a_company_stands_for_its_store_only_where_the_sentence_names_it(nlp, text, host):
    found = claims_of(nlp, text)
    assert {c[0] for c in found if c[2] == "payment"} == {host}, found


@pytest.mark.parametrize("text", [
    STORE_BEFORE + "Android now lets developers offer alternative billing systems.",
    STORE_BEFORE + "Developers can now use rival payment processors on Android.",
])
def test_a_phone_stands_for_its_store_for_billing(nlp, text):
    found = claims_of(nlp, text)
    assert {c[0] for c in found if c[2] == "payment"} == {"Google Play"}, found


@pytest.mark.parametrize("text, kind", [
    # a store named as what users bypass, no phone or OS named anywhere: its owner is the host
    ("The regulator said the law requires Apple to let users install apps from outside its App Store.",
     "app_distribution"),
    ("Under the new law, Google will have to let users install apps from outside its Google Play store.",
     "app_distribution"),
    # a store opens no chip or operating-system feature: its owner does
    ("Apple runs the App Store. The regulator said the App Store must give rival wallet makers access to "
     "the phone's NFC chip.",
     "device_access"),
])
def test_a_store_gives_way_to_its_owner_for_distribution_and_device_features(nlp, text, kind):
    found = claims_of(nlp, text)
    hosts = {c[0] for c in found if c[2] == kind}
    assert hosts and not hosts & {"App Store", "Google Play"}, found


@pytest.mark.parametrize("text", [
    "The law requires gatekeepers such as Apple and Google to let users pick rival app stores.",
    "The Commission ordered platforms like Apple and Google to open their stores to rival payment systems.",
])
def test_examples_of_those_an_order_binds_are_hosts(nlp, text):
    found = claims_of(nlp, text)
    assert {c[0] for c in found} == {"Apple", "Google"}, found
    assert {c[3] for c in found} == {"ordered"}, found


@pytest.mark.parametrize("text", [
    "Regulators named Apple, Google and its parent Alphabet on Monday. Both companies will have to allow rival app stores.",
    "Regulators named Apple, Google and its parent Alphabet on Monday. The two companies will have to let developers use rival payment systems.",
])
def test_the_companies_referred_to_are_distinct_groups_not_a_parent_and_its_unit(nlp, text):
    found = claims_of(nlp, text)
    hosts = {c[0] for c in found}
    assert "Apple" in hosts and not {"Google", "Alphabet"} <= hosts, found


@pytest.mark.parametrize("text", [
    "Regulators said rival apps must be allowed to connect to WhatsApp, Meta's messaging service.",
    "Google said that Android phones would soon let users pay with Google Wallet at more shops.",
])
def test_a_company_is_never_host_to_its_own_app(nlp, text):
    found = claims_of(nlp, text)
    assert not {(h, g) for h, g, _, _ in found} & {("Meta", "WhatsApp"), ("Google", "Google Wallet")}, found


@pytest.mark.parametrize("text, pair", [
    ("Alipay now offers Meituan's food delivery and hotel booking mini programs.", ("Alipay", "Meituan")),
    ("WeChat will support ByteDance's short-video links from next month.", ("WeChat", "ByteDance")),
])
def test_the_company_whose_product_is_let_in_is_the_guest(nlp, text, pair):
    found = claims_of(nlp, text)
    assert pair in {(h, g) for h, g, _, _ in found}, found


@pytest.mark.parametrize("text", [
    "In the EU, apps distributed through the App Store may now use payment providers other than Apple's.",
    "Apps sold through the App Store can now offer other payment options, Apple said.",
])
def test_the_store_apps_are_distributed_through_is_the_host(nlp, text):
    found = claims_of(nlp, text)
    assert {h for h, _, _, _ in found} == {"App Store"}, found


@pytest.mark.parametrize("text", [
    "Developers will be able to let users download their apps directly from the web rather than from Google Play.",
    "Users will be able to install apps from developers' websites instead of through Google Play.",
])
def test_the_store_users_may_bypass_is_the_host(nlp, text):
    found = claims_of(nlp, text)
    assert ("Google Play", None, "app_distribution") in {(h, g, k) for h, g, k, _ in found}, found
