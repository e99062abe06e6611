"""Data portability: the platform data is carried *from* is the host; the data carried may have a modifier.

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


def test_the_platform_data_leaves_is_the_host(nlp):
    text = "Apple will let EU users transfer their data from an iPhone to a phone made by another company."
    found = claims_of(nlp, text)
    assert ("iPhone", None, "data_portability", "planned") in found, found


def test_exporting_browsing_data_to_another_browser_is_portability(nlp):
    text = "Safari users will be able to export their browsing data to another browser."
    assert ("Safari", None, "data_portability", "planned") in claims_of(nlp, text)


@pytest.mark.parametrize("text", [
    "Instagram users can now send their photos to Google Photos from the app's settings.",
    "Since March, Facebook has let people send their videos to Dropbox.",
])
def test_sending_ones_photos_to_a_rival_service_is_portability(nlp, text):
    found = claims_of(nlp, text)
    assert any(k == "data_portability" and g in {"Google Photos", "Dropbox"} for _, g, k, _ in found), found
