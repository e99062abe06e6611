"""A rival's service switched or turned on inside a platform ('RCS messaging is turned on in the
Messages settings') is an opening in effect.

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text", [
    "On newer iPhones, RCS messaging is turned on in the Messages settings by default.",
    "Since the update, RCS messaging is switched on in the Messages app.",
])
def test_a_rival_service_switched_on_inside_a_platform_is_live(nlp, text):
    found = claims_of(nlp, text)
    assert any(h in {"Messages", "Apple Messages"} and g == "RCS" and k == "messaging" and s == "live"
               for h, g, k, s in found), found


@pytest.mark.parametrize("text, hosts", [
    ("Ele.me and Youku have connected to WeChat Pay, people familiar with the matter said.", {"Ele.me", "Youku"}),
    ("The food delivery app Ele.me has now connected to WeChat Pay.", {"Ele.me"}),
])
def test_a_platform_that_has_connected_to_a_rival_service_is_live(nlp, text, hosts):
    found = claims_of(nlp, text)
    assert {h for h, g, k, s in found if g == "WeChat Pay" and k == "payment" and s == "live"} == hosts, found
