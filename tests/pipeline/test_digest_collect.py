"""What a week holds, read from a real SQLite store: which claims, changes, mentions and late arrivals."""

from datetime import datetime, timezone

import pytest

from pipeline.config import load_config
from pipeline.digest import Week, make_digest
from pipeline.store import open_store
from tests.support.store_rows import add_article, claim

WEEK = Week(2026, 48)  # Monday 23 - Sunday 29 November 2026
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path):
    store = open_store(tmp_path / "store.db")
    yield store
    store.conn.close()


def digest_of(db, week=WEEK, timezone_name="UTC"):
    config = load_config(env={}, overrides=[f"schedule.timezone={timezone_name}", "digest.chart_weeks=3"])
    return make_digest(config, db, week, NOW)


def hosts(digest):
    return sorted(c.host for g in digest.claim_groups for c in g.claims)


def test_a_claim_belongs_to_the_week_its_article_was_published(db):
    add_article(db, "https://n.example/in", published="2026-11-29T23:30:00+01:00", first_seen="2026-12-01T10:00:00Z",
                claims=[claim("Inside", "links", "live")])
    add_article(db, "https://n.example/before", published="2026-11-22", first_seen="2026-11-24T10:00:00Z",
                claims=[claim("Before", "links", "live")])
    add_article(db, "https://n.example/after", published="2026-11-30", first_seen="2026-11-30T10:00:00Z",
                claims=[claim("After", "links", "live")])
    assert hosts(digest_of(db)) == ["Inside"]


def test_an_undated_article_belongs_to_the_week_it_was_fetched(db):
    add_article(db, "https://n.example/undated", published=None, first_seen="2026-11-25T10:00:00Z",
                fetched_at="2026-11-25T09:59:00Z", claims=[claim("Undated", "payment", "planned", "WeChat Pay")])
    digest = digest_of(db)
    assert hosts(digest) == ["Undated"] and digest.late_arrivals == ()


def test_late_arrivals_are_first_seen_in_the_week_but_published_before_it(db):
    add_article(db, "https://n.example/old", title="Old but new to us", published="2026-10-01",
                first_seen="2026-11-26T10:00:00Z", source="wire", claims=[claim("iOS", "device_access", "ordered", "wallets")])
    add_article(db, "https://n.example/old-seen-before", published="2026-10-01", first_seen="2026-10-02T10:00:00Z")
    digest = digest_of(db)
    (late,) = digest.late_arrivals
    assert (late.title, late.day, late.source, [c.host for c in late.claims]) == ("Old but new to us", "2026-10-01", "wire", ["iOS"])
    assert hosts(digest) == []  # its claims belong to its own (past) week
    assert [(s.source, s.articles, s.late) for s in digest.sources] == [("wire", 0, 1)]
    assert not digest.empty


def test_late_arrivals_use_the_week_boundaries_of_the_schedule_time_zone(db):
    # Sunday 29 Nov 23:30 UTC is already Monday 30 Nov in Brussels: W49 there, W48 in UTC.
    add_article(db, "https://n.example/edge", published="2026-10-01", first_seen="2026-11-29T23:30:00Z")
    assert len(digest_of(db, timezone_name="UTC").late_arrivals) == 1
    assert len(digest_of(db, timezone_name="Europe/Brussels").late_arrivals) == 0


def test_a_status_change_is_reported_in_the_week_the_new_status_was_seen(db):
    taobao = dict(host_id="taobao", guest_id="wechat-pay")
    add_article(db, "https://n.example/1", published="2026-11-10", first_seen="2026-11-10T10:00:00Z",
                claims=[claim("Taobao", "payment", "pending", "WeChat Pay", **taobao)])
    add_article(db, "https://n.example/2", published="2026-11-25", first_seen="2026-11-25T10:00:00Z", title="Taobao goes live",
                claims=[claim("Taobao", "payment", "live", "WeChat Pay", **taobao)])
    add_article(db, "https://n.example/3", published="2026-11-26", first_seen="2026-11-26T10:00:00Z",
                claims=[claim("Taobao", "payment", "live", "WeChat Pay", **taobao)])  # same status again: no change
    (change,) = digest_of(db).status_changes
    assert (change.host, change.guest, change.previous_status, change.status, change.title) == (
        "Taobao", "WeChat Pay", "pending", "live", "Taobao goes live")
    assert digest_of(db, Week(2026, 46)).status_changes == ()


def test_most_mentioned_counts_this_week_against_last_week(db):
    add_article(db, "https://n.example/a", published="2026-11-17", mentions=["tencent", "tencent", "wechat"])
    add_article(db, "https://n.example/b", published="2026-11-24", mentions=["tencent", "taobao", "eu-commission"])
    add_article(db, "https://n.example/c", published="2026-11-25", mentions=["taobao", "wechat"])
    top = digest_of(db).top_entities
    assert [(e.name, e.mentions, e.articles, e.change_label) for e in top] == [
        ("Taobao", 2, 2, "new"), ("Tencent", 1, 1, "-1"), ("WeChat", 1, 1, "=")]  # regulators are not listed


def test_the_chart_covers_the_configured_weeks(db):
    add_article(db, "https://n.example/a", published="2026-11-12", claims=[claim("A", "links", "refused")])
    add_article(db, "https://n.example/b", published="2026-11-24", claims=[claim("B", "links", "live"), claim("C", "other", "live")])
    chart = digest_of(db).chart
    assert [(w.week, w.total) for w in chart] == [("2026-W46", 1), ("2026-W47", 0), ("2026-W48", 2)]


def test_articles_per_source_count_relevant_ones(db):
    add_article(db, "https://n.example/a", published="2026-11-24", source="ledger")
    add_article(db, "https://n.example/b", published="2026-11-25", source="ledger", relevant=False)
    add_article(db, "https://n.example/c", published="2026-11-25", source="wire")
    assert [(s.source, s.articles, s.relevant) for s in digest_of(db).sources] == [("ledger", 2, 1), ("wire", 1, 1)]
