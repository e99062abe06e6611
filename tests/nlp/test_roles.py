"""Pure helpers of nlp.roles, on in-memory records."""

from __future__ import annotations

from nlp.records import EntityRef
from nlp.roles import owner_chain

ALPHABET = EntityRef("alphabet", "Alphabet", "company")
GOOGLE = EntityRef("google", "Google", "company", owner_id="alphabet")
PLAY = EntityRef("google-play", "Google Play", "app", owner_id="google")


def test_the_owner_chain_climbs_as_far_as_the_article_names_owners():
    refs = {r.id: r for r in (ALPHABET, GOOGLE, PLAY)}
    assert owner_chain(PLAY, refs) == ["google", "alphabet"]
    assert owner_chain(ALPHABET, refs) == []


def test_an_owner_the_article_does_not_name_ends_the_chain():
    assert owner_chain(PLAY, {PLAY.id: PLAY}) == ["google"]  # Google's own owner is not known here


def test_the_owner_chain_stops_at_its_depth_even_in_a_loop():
    a = EntityRef("a", "A", "company", owner_id="b")
    b = EntityRef("b", "B", "company", owner_id="a")
    assert owner_chain(a, {"a": a, "b": b}) == ["b", "a", "b", "a"]
