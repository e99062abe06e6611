"""An operating system's own surface that shows rivals' results or feeds opens an OS interface
(device_access).

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

from tests.nlp.conftest import claims_of


def test_search_showing_results_from_rival_providers_is_device_access(nlp):
    found = claims_of(nlp, "In Europe, Windows Search will be able to show results from rival search engines.")
    assert any(h == "Windows Search" and k == "device_access" and s == "planned" for h, _, k, s in found), found


def test_a_surface_taking_feeds_from_third_parties_is_device_access(nlp):
    found = claims_of(nlp, "Next year Windows Search will also accept news feeds from third-party publishers.")
    assert any(h == "Windows Search" and k == "device_access" for h, _, k, _ in found), found
