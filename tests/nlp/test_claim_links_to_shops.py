"""Putting a rival's links into a platform is a links claim; the shops a link leads to are no app stores.

Short texts in our own words.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text", [
    "Since last year, sellers on Kuaishou have been unable to place links to rival stores such as Taobao in their videos.",
    "Creators on Douyin can no longer post links to third-party stores such as JD.com in their live streams.",
])
def test_placing_links_to_rival_shops_is_links_not_app_distribution(nlp, text):
    found = claims_of(nlp, text)
    assert found and {c[2] for c in found} == {"links"}, found
    assert {c[3] for c in found} == {"refused"}, found
