"""A pronoun subject takes up the subject named just before ("Tencent did not comment, and it has not said ...").

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


def test_a_pronoun_takes_up_the_subject_of_the_clause_before(nlp):
    text = ("Taobao began accepting WeChat Pay on Monday. Tencent declined to comment, and it has not said "
            "whether it will offer Alipay in its own apps.")
    found = claims_of(nlp, text)
    alipay_hosts = {h for h, g, _, _ in found if g == "Alipay"}
    assert "Taobao" not in alipay_hosts, found
    assert alipay_hosts & {"Tencent", "WeChat"}, found


def test_a_pronoun_after_a_company_takes_its_platform_of_the_news(nlp):
    text = ("The iPhone now supports RCS messages. Apple still keeps iMessage to itself, and it does not "
            "allow rival app stores on iPhones in the United States.")
    hosts = {h for h, _, k, _ in claims_of(nlp, text) if k == "app_distribution"}
    assert hosts == {"iPhone"}, hosts


def test_the_one_who_says_nothing_is_the_main_subject_and_stands_for_its_app_named(nlp):
    text = ("Douyin began accepting WeChat Pay on Monday. ByteDance has given no sign that Alipay will appear "
            "among the payment options inside Douyin.")
    unclear = {(h, g) for h, g, _, s in claims_of(nlp, text) if s == "unclear"}
    assert ("Douyin", "Alipay") in unclear or ("Douyin", "WeChat Pay") in unclear, unclear
    assert not any(h in ("Alipay", "ByteDance") for h, _ in unclear), unclear


@pytest.mark.parametrize("text", [
    "Apple launched iOS 18.1 in October. In August the Cupertino company said developers would be allowed to use "
    "the NFC chip for payments.",
    "Apple launched iOS 18.1 in October. The Californian tech giant said rival wallets would be able to use the NFC chip.",
])
def test_a_company_named_by_what_it_is_takes_up_the_company_named_before(nlp, text):
    found = claims_of(nlp, text)
    assert {h for h, _, k, _ in found if k == "device_access"} == {"Apple"}, found
