"""analyse: streaming, order, per-article errors, bad input, the relevance gate, JSON output."""

from __future__ import annotations

import json

import pytest

from nlp import ArticleText, analyse, extraction_to_json

RELEVANT = ArticleText(
    "rel", "Taobao to accept WeChat Pay as regulators push platforms to open up",
    "China's regulators have told the big internet platforms to stop blocking rivals. "
    "Taobao will accept WeChat Pay from next month, Alibaba said, in a step toward interoperability.",
)
IRRELEVANT = ArticleText(
    "irr", "Tencent quarterly results",
    "Tencent reported quarterly revenue that beat analysts' estimates, helped by games and advertising. "
    "Shares rose 3 percent in Hong Kong trading.",
)


def test_one_extraction_per_article_in_order(nlp):
    arts = [RELEVANT, IRRELEVANT, ArticleText("empty", "t", ""), RELEVANT]
    out = list(analyse(nlp, arts, batch_size=2))
    assert [e.article_id for e in out] == ["rel", "irr", "empty", "rel"]


def test_analyse_streams_without_reading_the_whole_input(nlp):
    pulled = []

    def gen():
        for i in range(1000):
            pulled.append(i)
            yield ArticleText(str(i), "", IRRELEVANT.text)

    first = next(iter(analyse(nlp, gen(), batch_size=4)))
    assert first.article_id == "0"
    assert len(pulled) <= 8


def test_relevant_article_gets_claims_and_entities(nlp):
    [ex] = analyse(nlp, [RELEVANT])
    assert ex.relevant and ex.relevance_score >= 0.5 and ex.error is None
    assert ("Taobao", "WeChat Pay", "payment", "planned") in {(c.host, c.guest, c.kind, c.status) for c in ex.claims}
    for m in ex.mentions:
        assert RELEVANT.text[m.start:m.end] == m.surface


def test_irrelevant_article_is_gated_and_keeps_kb_entities_only(nlp):
    [ex] = analyse(nlp, [IRRELEVANT])
    assert not ex.relevant and ex.relevance_score < 0.5
    assert ex.claims == ()
    assert {e.id for e in ex.entities} == {"tencent"}
    assert all(e.source == "kb" for e in ex.entities)


@pytest.mark.parametrize("article, reason", [
    (ArticleText("empty", "t", ""), "empty"),
    (ArticleText("blank", "t", "   \n\t "), "empty"),
    (ArticleText("binary", "t", "".join(chr(i % 32) for i in range(3000))), "binary"),
    (ArticleText("binary2", "t", bytes(range(256)).decode("latin-1") * 20), "binary"),
    (ArticleText("chinese", "t", "腾讯表示，微信将在下个月开始允许用户在聊天中打开淘宝链接。" * 10), "English"),
    (ArticleText("german", "t", "Die Kommission hat heute beschlossen, dass Apple alternative App-Stores zulassen muss, "
                                "weil der Wettbewerb auf dem Markt für Apps sonst nicht funktioniert. " * 5), "English"),
])
def test_bad_input_gives_a_clear_error_and_the_batch_goes_on(nlp, article, reason):
    out = list(analyse(nlp, [RELEVANT, article, RELEVANT], batch_size=3))
    assert [e.error is None for e in out] == [True, False, True]
    assert reason in out[1].error
    assert out[2].claims


def test_a_declared_language_other_than_english_is_refused(nlp):
    fr = ArticleText("fr", RELEVANT.title, RELEVANT.text, language="fr")
    en = ArticleText("en", RELEVANT.title, RELEVANT.text, language="en-GB")
    out = list(analyse(nlp, [fr, en]))
    assert "'fr'" in out[0].error and out[1].error is None and out[1].claims


def test_control_characters_are_blanked_and_offsets_kept(nlp):
    text = "Taobao will accept\x00 WeChat Pay\x07 from next month, regulators were told.\x1b"
    [ex] = analyse(nlp, [ArticleText("ctl", "Taobao WeChat Pay interoperability", text)])
    assert ex.error is None and any("control" in w for w in ex.warnings)
    for m in ex.mentions:
        assert text[m.start:m.end] == m.surface


def test_a_megabyte_text_is_cut_flagged_and_analysed(nlp, options):
    big = (RELEVANT.text + "\n\n") * (1_000_000 // len(RELEVANT.text))
    [ex] = analyse(nlp, [ArticleText("big", RELEVANT.title, big)])
    assert ex.error is None
    assert any("cut" in w for w in ex.warnings)


def test_a_failing_document_is_isolated(nlp):
    class Broken:
        id = "broken"
        title = "x"

        @property
        def text(self):
            raise RuntimeError("disk error")

    out = list(analyse(nlp, [RELEVANT, Broken(), IRRELEVANT], batch_size=3))
    assert [e.article_id for e in out] == ["rel", "broken", "irr"]
    assert "disk error" in out[1].error and out[0].error is None and out[2].error is None


def test_extraction_to_json_has_the_scorers_format(nlp):
    [ex] = analyse(nlp, [RELEVANT])
    obj = json.loads(json.dumps(extraction_to_json(ex)))
    assert obj["id"] == "rel" and obj["relevant"] is True and 0 <= obj["relevance_score"] <= 1
    assert {"name", "type", "id", "owner", "country", "confidence"} <= set(obj["entities"][0])
    claim = obj["claims"][0]
    assert {"host", "guest", "kind", "status", "evidence", "start", "end", "confidence"} <= set(claim)
    assert RELEVANT.text[claim["start"]:claim["end"]] == claim["evidence"]
    taobao = next(e for e in obj["entities"] if e["name"] == "Taobao")
    assert taobao["owner"] == "Alibaba" and taobao["type"] == "app"
