"""An opening that goes on ('continues to offer', 'continued to accept') is live.

Short texts in our own words.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text, host", [
    ("Ele.me continues to offer WeChat Pay at checkout next to Alipay.", "Ele.me"),
    ("JD.com's app continued to accept WeChat Pay after the deal.", "JD.com"),
])
def test_an_opening_that_goes_on_is_live(nlp, text, host):
    found = claims_of(nlp, text)
    assert (host, "WeChat Pay", "payment", "live") in found, found


@pytest.mark.parametrize("text", [
    "Tmall still does not take WeChat Pay at checkout.",
    "Alibaba said Taobao does not take WeChat Pay for now.",
])
def test_not_taking_or_carrying_a_rival_wallet_is_a_refusal(nlp, text):
    found = claims_of(nlp, text)
    assert found and {c[3] for c in found} == {"refused"} and {c[1] for c in found} == {"WeChat Pay"}, found
