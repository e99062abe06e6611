"""build_digest: store rows -> Digest records. Pure: plain dicts in, frozen records out."""

import pytest

from pipeline.digest.build import WeekRows, build_digest, clean_text, safe_url
from pipeline.digest.week import Week, weeks_ending

WEEK = Week(2026, 48)


def claim_row(n, host, kind, status, guest=None, day="2026-11-24", article=1, url="https://news.example/a", title="A"):
    return {"id": n, "article_id": article, "host": host, "guest": guest, "kind": kind, "status": status,
            "evidence": f"{host} evidence {n}.", "title": title, "url": url, "observed_on": day}


def test_claims_are_grouped_by_status_then_kind_in_display_order():
    rows = WeekRows(claims=(
        claim_row(1, "WeChat", "links", "pending", article=1),
        claim_row(2, "Taobao", "payment", "live", "WeChat Pay", article=2),
        claim_row(3, "iOS", "device_access", "ordered", "wallets", article=3),
        claim_row(4, "Alipay", "payment", "live", "Apple Pay", article=4, day="2026-11-23"),
        claim_row(5, "WhatsApp", "messaging", "live", "Signal", article=5),
    ))
    digest = build_digest(rows, WEEK, "2026-11-30T08:00:00Z")
    assert [(g.status, g.kind, [c.host for c in g.claims]) for g in digest.claim_groups] == [
        ("live", "payment", ["Alipay", "Taobao"]),  # by day, then host
        ("live", "messaging", ["WhatsApp"]),
        ("ordered", "device_access", ["iOS"]),
        ("pending", "links", ["WeChat"]),
    ]
    assert digest.claim_count == 5 and not digest.empty


def test_the_same_claim_twice_in_one_article_is_listed_once_but_kept_per_article():
    rows = WeekRows(claims=(claim_row(1, "WeChat", "links", "live", article=1), claim_row(2, "wechat", "links", "live", article=1),
                            claim_row(3, "WeChat", "links", "live", article=2)))
    group, = build_digest(rows, WEEK, "t").claim_groups
    assert [c.evidence for c in group.claims] == ["WeChat evidence 1.", "WeChat evidence 3."]


def test_a_generic_guest_reads_as_third_parties():
    group, = build_digest(WeekRows(claims=(claim_row(1, "WeChat", "links", "live"),)), WEEK, "t").claim_groups
    assert group.claims[0].guest_label == "third parties"


def test_mentions_are_ranked_and_compared_with_the_week_before():
    rows = WeekRows(
        mentions=({"id": "tencent", "name": "Tencent", "type": "company", "mentions": 7, "articles": 3},
                  {"id": "wechat", "name": "WeChat", "type": "app", "mentions": 7, "articles": 4},
                  {"id": "taobao", "name": "Taobao", "type": "app", "mentions": 2, "articles": 2},
                  {"id": "ios", "name": "iOS", "type": "app", "mentions": 1, "articles": 1}),
        previous_mentions=({"id": "tencent", "mentions": 9}, {"id": "taobao", "mentions": 2}, {"id": "ios", "mentions": 0}))
    top = build_digest(rows, WEEK, "t", top_entities=3).top_entities
    assert [(e.name, e.mentions, e.change_label) for e in top] == [("WeChat", 7, "new"), ("Tencent", 7, "-2"), ("Taobao", 2, "=")]


def test_late_arrivals_carry_their_claims_and_count_per_source():
    rows = WeekRows(
        sources=({"source": "ledger", "articles": 3, "relevant": 2},),
        late_arrivals=({"id": 9, "url": "https://old.example/x", "title": "Old", "source": "wire", "day": "2026-10-01",
                        "first_seen_at": "2026-11-26T10:00:00Z"},
                       {"id": 10, "url": "https://ledger.example/y", "title": "Older", "source": "ledger", "day": "2026-09-01",
                        "first_seen_at": "2026-11-27T10:00:00Z"}),
        late_claims=({"article_id": 9, "host": "iOS", "guest": "wallets", "kind": "device_access", "status": "ordered",
                      "evidence": "e", "observed_on": "2026-10-01"},))
    digest = build_digest(rows, WEEK, "t")
    assert [(a.title, a.day, len(a.claims)) for a in digest.late_arrivals] == [("Old", "2026-10-01", 1), ("Older", "2026-09-01", 0)]
    assert [(s.source, s.articles, s.relevant, s.late) for s in digest.sources] == [("ledger", 3, 2, 1), ("wire", 0, 0, 1)]
    assert not digest.empty


def test_the_chart_counts_claims_per_week_and_status_scaled_to_the_busiest_week():
    rows = WeekRows(claims_by_day=(
        {"day": "2026-11-24", "status": "live", "claims": 2}, {"day": "2026-11-29", "status": "pending", "claims": 2},
        {"day": "2026-11-16", "status": "live", "claims": 1}, {"day": "2026-10-01", "status": "live", "claims": 50}))
    chart = build_digest(rows, WEEK, "t", chart_weeks=weeks_ending(WEEK, 3)).chart
    assert [(w.week, w.total) for w in chart] == [("2026-W46", 0), ("2026-W47", 1), ("2026-W48", 4)]
    assert [(b.status, b.count, b.percent) for b in chart[2].bars] == [("live", 2, 50.0), ("pending", 2, 50.0)]
    assert chart[1].bars[0].percent == 25.0 and chart[1].rest_percent == 75.0
    assert chart[0].bars == () and chart[0].label == "9 Nov"


def test_an_empty_week_says_nothing_moved():
    digest = build_digest(WeekRows(), WEEK, "t")
    assert digest.empty and digest.subject == "Interop Watch 2026-W48: nothing moved"


@pytest.mark.parametrize("url, expected", [
    ("https://news.example/a?b=1&c=2", "https://news.example/a?b=1&c=2"),
    ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
    ("HTTPS://News.Example/", "HTTPS://News.Example/"),
    ("javascript:alert(1)", None), ("JavaScript:alert(1)", None), (" javascript:alert(1)", None),
    ("java\tscript:alert(1)", None), ("data:text/html,<script>alert(1)</script>", None), ("vbscript:x", None),
    ("ftp://files.example/a", None), ("//news.example/a", None), ("/relative", None), ("http:///nohost", None),
    ('https://x.example/"onmouseover="alert(1)', None), ("https://x.example/<script>", None), ("", None), (None, None),
])
def test_only_http_and_https_urls_are_kept_as_links(url, expected):
    assert safe_url(url) == expected


def test_untrusted_text_loses_control_and_bidi_characters_and_is_cut():
    assert clean_text("a\x00b\u202ec\n\n d", 100) == "a b c d"
    assert clean_text("x" * 50, 10) == "x" * 9 + "…"
    assert clean_text(None, 10) == ""
