"""What users or rivals have (long, always, already) been able to do on a platform is an opening in
effect (live); what they have not been able to do is no live opening.

Sentences are our own wording; each checks one behaviour.
"""

from __future__ import annotations

from tests.nlp.conftest import claims_of


def test_having_long_been_able_to_is_live(nlp):
    found = claims_of(nlp, "Owners of Android phones have always been able to install apps from rival stores.")
    assert ("Android", None, "app_distribution", "live") in found, found


def test_rivals_having_been_able_to_use_the_chip_is_live(nlp):
    found = claims_of(nlp, "On Android, rival wallets have long been able to use the NFC chip for contactless payments.")
    assert ("Android", None, "device_access", "live") in found, found


def test_not_having_been_able_to_is_not_live(nlp):
    found = claims_of(nlp, "Rival wallets have not been able to use the NFC chip of the iPhone.")
    assert not any(s == "live" for _, _, _, s in found), found
