"""A rival's delivery service offered on a marketplace is an opening of the kind 'other'; a food
delivery app named as such is no logistics.

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text, host", [
    ("Sellers on Tmall will soon be able to pick JD Logistics as a delivery option for their orders.", "Tmall"),
    ("Merchants on Taobao will be able to ship orders through JD Logistics from next month.", "Taobao"),
])
def test_a_rival_carrier_offered_to_sellers_is_an_other_opening(nlp, text, host):
    found = claims_of(nlp, text)
    assert (host, "JD Logistics", "other", "planned") in found, found


def test_a_food_delivery_app_taking_a_rival_wallet_is_payment_only(nlp):
    found = claims_of(nlp, "The food delivery service Ele.me has started accepting Tencent's WeChat Pay.")
    assert ("Ele.me", "WeChat Pay", "payment", "live") in found, found
    assert not any(k == "other" for _, _, k, _ in found), found
