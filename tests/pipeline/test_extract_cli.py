"""`interopwatch extract`, run as a user runs it: JSON Lines in, the scorer's format out, bad lines reported."""

from __future__ import annotations

import json

from tests.pipeline.conftest import run_cli

CLAIM = {"id": "claim", "title": "Taobao now accepts WeChat Pay",
         "text": "Alibaba's Taobao has started accepting Tencent's WeChat Pay at checkout, after regulators told "
                 "the largest platforms to stop blocking each other's links and payment services."}
# names the platforms and passes the cheap gate, but states no claim and names no regulator
LAUNCH = {"id": "launch", "title": "Apple unveils new iPhone with AI features for the App Store and iMessage",
          "text": "Apple unveiled its new iPhone on Monday. The phone runs iOS 18 and brings new features to iMessage, "
                  "the App Store, Apple Pay and Apple Music, which the company said would reach users in the autumn. "
                  "Shares of the iPhone maker were little changed. Rivals Samsung and Google launched their own "
                  "phones with Android and Google Play last month."}
# no claim, but a regulator: an article about platform regulation
FINE = {"id": "fine", "title": "EU fines Meta over Facebook Marketplace",
        "text": "The European Commission fined Meta 798 million euros on Thursday for tying its Facebook Marketplace "
                "classified ads service to Facebook, the social network. Meta said it would appeal."}


def test_extract_writes_the_scorers_format_and_confirms_relevance(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in (CLAIM, LAUNCH, FINE)) + "not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_cli("extract", str(src), "-o", str(out))
    assert result.returncode == 1  # a skipped input line is reported and fails the run
    assert "in.jsonl:4: not JSON" in result.stderr and "3 article(s) written" in result.stderr
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(rows) == {"claim", "launch", "fine"}
    assert {"id", "relevant", "entities", "claims"} <= set(rows["claim"])
    assert rows["claim"]["relevant"] is True
    assert ("Taobao", "WeChat Pay", "payment", "live") in {
        (c["host"], c["guest"], c["kind"], c["status"]) for c in rows["claim"]["claims"]}
    # the gate let the launch through, the analysis found nothing it is about: not relevant, entities kept
    assert rows["launch"]["relevance_score"] >= 0.5
    assert rows["launch"]["relevant"] is False and rows["launch"]["claims"] == []
    assert {"Apple", "iPhone"} <= {e["name"] for e in rows["launch"]["entities"]}
    assert rows["fine"]["relevant"] is True and rows["fine"]["claims"] == []
