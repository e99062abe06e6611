"""Who complains, sues or brings a case is a party to a dispute, not the platform that opens or keeps rivals out.

Short texts in our own words.
"""

from __future__ import annotations

import pytest

from tests.nlp.conftest import claims_of


@pytest.mark.parametrize("text, plaintiff", [
    ("Epic Games argued that Google's rules stop rival app stores from reaching Android users.", "Epic Games"),
    ("Spotify alleges that Apple blocks rival payment options in iPhone apps.", "Spotify"),
    ("Apple and Google run the two big app stores. The law will require both companies to allow rival app stores, "
     "and courts are hearing cases brought by Epic Games against both companies.", "Epic Games"),
])
def test_a_plaintiff_is_no_host(nlp, text, plaintiff):
    found = claims_of(nlp, text)
    assert plaintiff not in {c[0] for c in found}, found
