"""A company that brings or adds a rival's service to its own platforms named after 'to' opens each
of those platforms: they are the hosts, not the company.

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

from tests.nlp.conftest import claims_of


def test_support_added_to_the_companys_own_systems_makes_each_a_host(nlp):
    found = claims_of(nlp, "Apple said it would add support for RCS messages to iOS and macOS later this year.")
    hosts = {h for h, g, k, s in found if g == "RCS" and k == "messaging" and s == "planned"}
    assert hosts == {"iOS", "macOS"}, found


def test_a_platform_of_another_company_after_to_is_no_host(nlp):
    found = claims_of(nlp, "Apple will bring Google Photos to iOS next year.")
    assert not any(h == "Google Photos" for h, _, _, _ in found), found
