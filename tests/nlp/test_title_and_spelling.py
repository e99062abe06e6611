"""The title is context for the body; names are written as the article spells them.

Articles are our own short wording of real events.
"""

from __future__ import annotations

import pytest

from nlp import ArticleText, analyse, extraction_to_json

BODY_ONLY_OTHER = (
    "Alibaba said on Thursday that the change follows months of talks with Tencent. Regulators in Beijing have "
    "pushed the largest platforms to stop blocking one another's links and payment services since 2021."
)


def extract(nlp, title: str, text: str) -> dict:
    [ex] = analyse(nlp, [ArticleText("a", title, text)])
    assert ex.error is None, ex.error
    return extraction_to_json(ex)


def test_a_claim_only_the_headline_states_is_not_given(nlp):
    out = extract(nlp, "WeChat Pay goes live on Taobao and Tmall", BODY_ONLY_OTHER)
    assert out["claims"] == []


def test_the_headline_is_context_for_the_body(nlp):
    text = "The discount app Taobao Deals, which Alibaba runs separately, has offered the option since late August."
    out = extract(nlp, "WeChat Pay goes live on Taobao and Tmall", text)
    claims = {(c["host"], c["guest"], c["kind"], c["status"]) for c in out["claims"]}
    assert claims == {("Taobao Deals", "WeChat Pay", "payment", "live")}
    assert all(text[c["start"]:c["end"]] == c["evidence"] for c in out["claims"])


def test_a_claim_the_body_states_has_body_evidence_and_offsets(nlp):
    text = "Taobao will start accepting WeChat Pay next week, Alibaba said. " + BODY_ONLY_OTHER
    out = extract(nlp, "Taobao to take WeChat Pay", text)
    same = [c for c in out["claims"] if (c["host"], c["guest"], c["kind"]) == ("Taobao", "WeChat Pay", "payment")]
    assert len(same) == 1
    assert same[0]["start"] == 0 and text[same[0]["start"]:same[0]["end"]] == same[0]["evidence"]


def test_entities_named_only_in_the_headline_are_not_listed(nlp):
    out = extract(nlp, "Tmall begins accepting WeChat Pay", BODY_ONLY_OTHER)
    names = {e["name"] for e in out["entities"]}
    assert "Alibaba" in names and "Tmall" not in names


def test_mentions_point_into_the_body_not_the_title(nlp):
    [ex] = analyse(nlp, [ArticleText("a", "Tencent and Alibaba lower their walls", BODY_ONLY_OTHER)])
    assert ex.mentions
    for m in ex.mentions:
        assert BODY_ONLY_OTHER[m.start:m.end] == m.surface


@pytest.mark.parametrize("text, expected, canonical", [
    ("The Justice Department sued Apple on Thursday, saying it blocks rival apps and payment services.",
     "Justice Department", "US Department of Justice"),
    ("South Korea's National Assembly passed a bill that bans app stores from forcing developers to use their "
     "payment systems.", "National Assembly", "National Assembly of Korea"),
    ("The People's Bank of China said on Monday that mobile wallets must accept each other's payment codes.",
     "People's Bank of China", "People's Bank of China"),
])
def test_entity_names_are_the_articles_spelling_with_the_canonical_name_kept(nlp, text, expected, canonical):
    out = extract(nlp, "", text)
    entity = next(e for e in out["entities"] if e["canonical"] == canonical)
    assert entity["name"] == expected


def test_a_name_wrapped_in_a_generic_noun_is_written_bare(nlp):
    out = extract(nlp, "", "Apple will let browser makers in the EU use the Blink engine on iPhones, it said.")
    assert "Blink" in {e["name"] for e in out["entities"]}
    assert "Blink engine" not in {e["name"] for e in out["entities"]}


def test_one_entity_has_one_spelling_in_every_claim(nlp):
    text = ("Google must let users download rival app stores from within the Play Store, the judge ruled. "
            "Google must also let developers offer other billing systems on Google Play.")
    out = extract(nlp, "", text)
    assert {c["host"] for c in out["claims"]} == {"Google Play"}
    assert {c["host_canonical"] for c in out["claims"]} == {"Google Play"}


@pytest.mark.parametrize("title", [
    "Alibaba apps add WeChat Pay",  # a headline with no full stop
    "Alibaba apps add WeChat Pay.",
    "Will Alibaba's apps take WeChat Pay?",
])
@pytest.mark.parametrize("text, hosts", [
    ("Taobao and Tmall have added WeChat Pay, the company said on Monday.", {"Taobao", "Tmall"}),
    ("Ele.me and Youku, which both belong to Alibaba, have added WeChat Pay.", {"Ele.me", "Youku"}),
])
def test_the_first_sentence_after_a_headline_is_read_whole(nlp, title, text, hosts):
    out = extract(nlp, title, text)
    assert {c["host"] for c in out["claims"] if c["guest"] == "WeChat Pay"} == hosts, out["claims"]
    assert all(c["evidence"] == text and text[c["start"]:c["end"]] == text for c in out["claims"])
