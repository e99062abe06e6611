"""Claims found sentence by sentence: kinds, statuses, host lists, orders, denials, references back.

Sentences are our own wording of real events; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text, expected", [
    ("WeChat now lets users open Taobao links directly inside chats.",
     {("WeChat", "Taobao", "links", "live")}),
    ("Meituan began accepting Alipay in its food delivery app in March.",
     {("Meituan", "Alipay", "payment", "live")}),
    ("Apple will allow rival wallet apps to use the NFC chip of the iPhone in Europe from next year.",
     {("iPhone", None, "device_access", "planned")}),  # the most specific platform named
    ("Douyin still blocks links to Taobao, the company confirmed.",
     {("Douyin", "Taobao", "links", "refused")}),
    ("Taobao is testing WeChat Pay with a small group of shoppers.",
     {("Taobao", "WeChat Pay", "payment", "pending")}),
])
def test_one_claim_per_sentence_with_kind_and_status(nlp, text, expected):
    assert claims_of(nlp, text) == expected


@pytest.mark.parametrize("text, status", [
    ("Taobao has started accepting WeChat Pay.", "live"),
    ("Taobao now supports WeChat Pay.", "live"),
    ("Taobao began allowing WeChat Pay at checkout last week.", "live"),
    ("Taobao will accept WeChat Pay.", "planned"),
    ("Taobao plans to accept WeChat Pay.", "planned"),
    ("Taobao is set to accept WeChat Pay next month.", "planned"),
    ("Taobao is testing WeChat Pay at checkout.", "pending"),
    ("Taobao is awaiting approval to add WeChat Pay.", "pending"),
    ("Taobao has applied to add WeChat Pay at checkout.", "pending"),
    ("Taobao is in talks about adding WeChat Pay at checkout.", "pending"),
    ("There was no word on when Taobao would accept WeChat Pay.", "unclear"),
    ("Taobao is yet to announce whether it will accept WeChat Pay.", "unclear"),
    ("Taobao has declined to accept WeChat Pay.", "refused"),
    ("Taobao does not accept WeChat Pay.", "refused"),
    ("Taobao has no plans to accept WeChat Pay.", "refused"),
    ("Taobao withdrew support for WeChat Pay after a week.", "refused"),
])
def test_status_from_tense_modality_and_negation(nlp, text, status):
    found = claims_of(nlp, text)
    assert ("Taobao", "WeChat Pay", "payment", status) in found, found


@pytest.mark.parametrize("text, kind", [
    ("WeChat Pay is now accepted on Taobao for all purchases.", "payment"),
    ("WeChat now lets users open links to Douyin videos.", "links"),
    ("WhatsApp will let users chat with people on other messaging apps.", "messaging"),
    ("Apple will allow alternative app stores on the iPhone in the EU.", "app_distribution"),
    ("Apple will open the NFC chip to rival wallets for tap-to-pay.", "device_access"),
    ("Google will let users transfer their data to rival services.", "data_portability"),
    # distribution without the word "store": engines, mini programs, running a store, distributing apps
    ("Apple has allowed other engines on the iPhone in the EU since March.", "app_distribution"),
    ("Alipay now offers Meituan's food delivery and hotel booking mini programs.", "app_distribution"),
    ("Google will have to let other companies run app stores on Android phones.", "app_distribution"),
    ("Apple will let large developers distribute apps directly to iPhone users in the EU.", "app_distribution"),
    # steering told without the word
    ("Apple will let music apps tell iPhone users where to subscribe for less.", "links"),
    ("Google Play now lets developers show users how to pay less on the web.", "links"),
])
def test_kind_from_the_sentence(nlp, text, kind):
    kinds = {c[2] for c in claims_of(nlp, text)}
    assert kinds == {kind}


def test_a_list_of_hosts_gives_one_claim_each(nlp):
    found = claims_of(nlp, "Taobao, Tmall and Xianyu will accept WeChat Pay from next month, Alibaba said.")
    assert found == {(h, "WeChat Pay", "payment", "planned") for h in ("Taobao", "Tmall", "Xianyu")}


def test_passive_agents_are_hosts(nlp):
    found = claims_of(nlp, "Alipay support has been added by Meituan and JD.com this week.")
    assert {c[0] for c in found} == {"Meituan", "JD.com"}
    assert {c[1:] for c in found} == {("Alipay", "payment", "live")}


def test_a_sentence_referring_back_takes_the_status_before(nlp):
    text = ("Alibaba said it was still waiting for Tencent to approve WeChat Pay. "
            "This would bring WeChat Pay to Hema and Xianyu.")
    found = claims_of(nlp, text)
    assert ("Hema", "WeChat Pay", "payment", "pending") in found
    assert ("Xianyu", "WeChat Pay", "payment", "pending") in found


def test_a_pronoun_sentence_takes_host_and_guest_before(nlp):
    found = claims_of(nlp, "WeChat had long blocked Douyin links. It now allows them.")
    assert ("WeChat", "Douyin", "links", "live") in found


def test_a_regulator_order_names_the_obliged_companies_as_hosts(nlp):
    text = ("The Ministry of Industry and Information Technology told the largest platforms, "
            "including Alibaba, Tencent and ByteDance, to stop blocking one another's links.")
    found = claims_of(nlp, text)
    assert found == {(h, None, "links", "ordered") for h in ("Alibaba", "Tencent", "ByteDance")}


def test_a_descriptor_takes_no_part(nlp):
    text = "MIIT told Douyin owner ByteDance to stop blocking links from rivals."
    hosts = {c[0] for c in claims_of(nlp, text)}
    assert hosts == {"ByteDance"}


@pytest.mark.parametrize("text", [
    "Alibaba and Tencent are two of China's biggest internet companies.",
    "Users can pay for food and book flights without leaving these apps.",
    "Tencent reported a rise in quarterly profit on Wednesday.",
    "A user could open a link shared by a friend in a chat.",
])
def test_sentences_without_a_claim_give_none(nlp, text):
    assert claims_of(nlp, text) == set()


def test_the_owner_of_the_guest_is_no_host(nlp):
    text = "Alibaba has started accepting WeChat Pay, the payment service run by its rival Tencent, on Youku."
    found = claims_of(nlp, text)
    assert found and all(c[0] != "Tencent" for c in found)
    assert ("Youku", "WeChat Pay", "payment", "live") in found


def test_a_company_gives_way_to_its_own_apps_named_as_places(nlp):
    text = "It is unclear when Alibaba will bring WeChat Pay to its two largest shopping apps, Taobao and Tmall."
    found = claims_of(nlp, text)
    assert found == {("Taobao", "WeChat Pay", "payment", "unclear"), ("Tmall", "WeChat Pay", "payment", "unclear")}


def test_evidence_is_the_sentence_with_offsets_into_the_text(nlp):
    text = "Tencent reported results.\n\nTaobao now supports WeChat Pay at checkout. Shares rose."
    doc = nlp(text)
    [claim] = doc._.interop_claims
    assert text[claim.start:claim.end] == claim.evidence == "Taobao now supports WeChat Pay at checkout."
    assert 0 < claim.confidence <= 1


@pytest.mark.parametrize("text, expected", [
    # an order told as the cause yields to what the host now does
    ("WeChat now lets users open Taobao links, after the ministry told platforms to stop blocking rivals.",
     ("WeChat", "Taobao", "links", "live")),
    # a refusal in a relative clause yields to the main clause
    ("Taobao will accept WeChat Pay, which Alibaba had refused for years.",
     ("Taobao", "WeChat Pay", "payment", "planned")),
    ("WeChat stopped users from opening Douyin links.", ("WeChat", "Douyin", "links", "refused")),
    ("Since October, users of Douyin can no longer open Taobao links.", ("Douyin", "Taobao", "links", "refused")),
    ("WeChat Pay goes live on Taobao and Tmall.", ("Taobao", "WeChat Pay", "payment", "live")),
])
def test_status_reads_the_main_clause(nlp, text, expected):
    assert expected in claims_of(nlp, text)


def test_the_platform_refers_to_the_app_named_before(nlp):
    text = ("Douyin is China's most popular short-video app. "
            "Since October, streamers on the platform can no longer link to Taobao.")
    assert ("Douyin", "Taobao", "links", "refused") in claims_of(nlp, text)


def test_a_company_service_named_by_kind_is_its_app_named_before(nlp):
    text = ("WeChat Pay is Tencent's wallet. "
            "Several Alibaba apps, including Ele.me and Youku, began accepting the Tencent service in September.")
    found = claims_of(nlp, text)
    assert ("Ele.me", "WeChat Pay", "payment", "live") in found
    assert ("Youku", "WeChat Pay", "payment", "live") in found


def test_a_possessor_gives_way_to_its_app(nlp):
    found = claims_of(nlp, "Users can now open links to Alibaba's Taobao or ByteDance's Douyin inside WeChat.")
    assert {c[1] for c in found} == {"Taobao", "Douyin"}
    assert {c[0] for c in found} == {"WeChat"}


def test_a_sentence_about_two_kinds_gives_a_claim_of_each(nlp):
    text = ("Apple and Google will have to allow third-party app stores on iOS and Android "
            "and let developers use payment systems other than their own.")
    kinds = {(c[0], c[2]) for c in claims_of(nlp, text)}
    assert {("iOS", "app_distribution"), ("Android", "app_distribution"),
            ("iOS", "payment"), ("Android", "payment")} <= kinds


def test_coordinated_clauses_are_read_separately(nlp):
    text = ("Several Alibaba apps, including Ele.me and Youku, began accepting WeChat Pay last year, "
            "and WeChat started letting users open Taobao links.")
    found = claims_of(nlp, text)
    assert {("Ele.me", "WeChat Pay", "payment", "live"), ("Youku", "WeChat Pay", "payment", "live"),
            ("WeChat", "Taobao", "links", "live")} <= found
    assert not any(h == "WeChat" and g == "WeChat Pay" for h, g, _, _ in found)


def test_a_clause_without_a_guest_takes_the_one_before(nlp):
    text = "Alibaba's apps still do not accept WeChat Pay, and Taobao has not said whether it ever will."
    found = claims_of(nlp, text)
    assert ("Taobao", "WeChat Pay", "payment", "unclear") in found


def test_removed_from_a_store_makes_the_store_the_host(nlp):
    found = claims_of(nlp, "Apple pulled Fortnite from the App Store after Epic added its own payment system.")
    assert ("App Store", "Fortnite", "app_distribution", "refused") in found


@pytest.mark.parametrize("text", [
    "The court ordered Apple to pay 13 billion euros in back taxes to Ireland.",
    "A judge ordered Epic Games to pay Apple damages for breaching its developer agreement.",
])
def test_orders_to_pay_money_are_no_payment_claims(nlp, text):
    assert not any(c[2] == "payment" for c in claims_of(nlp, text))


def test_only_the_objects_of_an_order_are_obliged(nlp):
    text = ("A federal judge ordered Apple to let developers direct users to payment options outside the App Store, "
            "in a case brought by Epic Games.")
    hosts = {c[0] for c in claims_of(nlp, text)}
    assert "Epic Games" not in hosts and hosts


def test_the_hosts_own_system_is_no_guest(nlp):
    text = "Google must stop requiring developers to use Google Play Billing for in-app purchases on Google Play."
    found = claims_of(nlp, text)
    assert found and all(g != "Google Play Billing" for _, g, _, _ in found)
