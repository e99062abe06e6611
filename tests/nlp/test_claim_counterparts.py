"""Whom users talk to is no platform of a messaging claim: "texting people on Android phones".

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

from tests.nlp.conftest import claims_of


def test_the_people_texted_on_another_platform_do_not_make_it_a_host(nlp):
    text = ("Apple shipped RCS support in iOS 18, so iPhone users can now send sharper videos when texting "
            "people on Android phones.")
    hosts = {c[0] for c in claims_of(nlp, text)}
    assert "Android" not in hosts, hosts


def test_conversations_with_users_of_another_platform_name_no_guest(nlp):
    text = "Apple has said it will adopt RCS on iPhones next year, which will add read receipts in conversations with Android users."
    found = {(c[0], c[1]) for c in claims_of(nlp, text)}
    assert ("iPhone", "Android") not in found, found
    assert ("iPhone", "RCS") in found, found


def test_a_rival_chatting_with_people_on_a_platform_still_names_it_host(nlp):
    text = "Under the offer, other messaging services will be able to let their users chat with people on WhatsApp."
    assert "WhatsApp" in {c[0] for c in claims_of(nlp, text)}

