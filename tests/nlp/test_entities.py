"""Entities: knowledge base names override the statistical NER; unknown names typed by context;
outlets, photo agencies, people and places left out."""

from __future__ import annotations

import pytest


def entities(nlp, text: str) -> dict[str, tuple[str, str]]:
    doc = nlp(text)
    return {r.name: (r.type, r.source) for r in doc._.interop_entities.values() if r.confidence >= 0.5}


def test_kb_names_override_the_model_and_link_to_canonical_ids(nlp):
    # the raw model tags Alibaba as a place and Alipay as a person in sentences like these
    doc = nlp("Alibaba said Alipay, run by Ant Group, now works in Idle Fish.")
    refs = doc._.interop_entities
    assert refs["alibaba"].type == "company"
    assert refs["alipay"].type == "app" and refs[refs["alipay"].owner_id].name == "Ant Group"
    by_surface = {e.text: e.kb_id_ for e in doc.ents if e.kb_id_}
    assert refs[by_surface["Idle Fish"]].name in ("Xianyu", "Idle Fish")
    assert {e.label_ for e in doc.ents if e.text == "Alibaba"} == {"COMPANY"}


@pytest.mark.parametrize("surface", ["Wechat", "WECHAT", "wechat"])
def test_camel_case_names_match_in_any_case(nlp, surface):
    doc = nlp(f"Users of {surface} can now open links to Taobao.")
    assert "wechat" in doc._.interop_entities


@pytest.mark.parametrize("text, name, etype", [
    ("Users can now order food through the Zhuzhu app in Chengdu.", "Zhuzhu", "app"),
    ("Kelora, a food delivery platform, said on Monday that it would add new payment options.", "Kelora", "app"),
    ("Shares of Brindle Inc. rose after the ruling.", "Brindle Inc.", "company"),
    ("The ruling was welcomed by Vantrel Ltd, which makes payment terminals.", "Vantrel Ltd", "company"),
    ("The Ruritanian Competition Authority opened a probe into the app store.", "Ruritanian Competition Authority", "regulator"),
])
def test_unknown_entities_are_typed_by_context_with_lower_confidence(nlp, text, name, etype):
    doc = nlp(text)
    found = {r.name: r for r in doc._.interop_entities.values()}
    assert name in found, found
    assert found[name].type == etype
    assert found[name].source == "model" and found[name].confidence < 1.0


@pytest.mark.parametrize("text, outlet", [
    ("Alibaba told CNBC that it now accepts WeChat Pay on Youku.", "CNBC"),
    ("According to Reuters, Tencent will open WeChat links to Taobao.", "Reuters"),
    ("A WeChat logo on a phone.\n\nNurPhoto | NurPhoto | Getty Images\n\nTencent said it would comply.", "NurPhoto"),
    ("Bloomberg reported that Apple will allow alternative app stores.", "Bloomberg"),
])
def test_outlets_and_photo_agencies_are_not_entities(nlp, outlet, text):
    names = {n.casefold() for n in entities(nlp, text)}
    assert outlet.casefold() not in names
    assert "getty images" not in names


def test_people_and_places_are_left_out(nlp):
    names = entities(nlp, "Daniel Zhang said in Hangzhou that Taobao will accept WeChat Pay in Guangzhou.")
    assert "Taobao" in names
    assert not {"Daniel Zhang", "Hangzhou", "Guangzhou"} & set(names)


@pytest.mark.parametrize("text, expected", [
    ("Signal strength was weak in the valley.", False),
    ("WhatsApp will let users chat with people on Signal.", True),
    ("Users can now send encrypted messages from Signal.", True),
])
def test_a_name_that_is_a_common_word_needs_context(nlp, text, expected):
    # "Signal" is marked context_required in the knowledge base
    doc = nlp(text)
    assert ("signal" in doc._.interop_entities) is expected
