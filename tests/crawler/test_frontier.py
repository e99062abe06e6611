"""The frontier: what to request, what is done, what survives a killed run."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from crawler.errors import CrawlerError
from crawler.frontier import Frontier, Link
from crawler.parsing import PageHints

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
U = "http://news.test/news/"


@pytest.fixture
def frontier(tmp_path):
    f = Frontier(tmp_path / "frontier.db")
    yield f
    f.close()


def links(*names: str, lastmod: str | None = None) -> list[Link]:
    return [Link(U + n, PageHints(title=n.upper()), lastmod=lastmod) for n in names]


def test_new_links_are_planned_until_the_budget_then_kept_for_the_next_run(frontier):
    planned, tally = frontier.plan_listing("s", links("a", "b", "c"), depth=1, budget=2, scheduled=set(), now=T0)
    assert [p.url for p in planned] == [U + "a", U + "b"]
    assert planned[0].hints.title == "A" and planned[0].depth == 1 and not planned[0].recheck
    assert tally == {"new": 2, "deferred": 1}
    assert frontier.row(U + "c").state == "found"
    assert frontier.row(U + "a").state == "pending"


def test_links_already_scheduled_this_run_are_not_planned_twice(frontier):
    frontier.plan_listing("s", links("a"), depth=1, budget=5, scheduled=set(), now=T0)
    planned, tally = frontier.plan_listing("s", links("a"), depth=1, budget=5, scheduled={U + "a"}, now=T0)
    assert planned == [] and tally == {"queued": 1}


def test_done_articles_are_known_and_not_fetched_again(frontier):
    frontier.plan_listing("s", links("a"), depth=1, budget=5, scheduled=set(), now=T0)
    frontier.mark_done(U + "a", source="s", now=T0, outcome="spooled", etag='"e1"', content_hash="h1",
                       canonical_url=U + "a")
    planned, tally = frontier.plan_listing("s", links("a"), depth=1, budget=5, scheduled=set(), now=T0)
    assert planned == [] and tally == {"known": 1}
    assert frontier.is_done(U + "a") and frontier.canonical_hash(U + "a") == "h1"


def test_a_done_article_is_rechecked_conditionally_when_its_listing_date_moves_past_our_fetch(frontier):
    frontier.plan_listing("s", links("a", lastmod="2025-06-01T10:00:00Z"), depth=1, budget=5, scheduled=set(), now=T0)
    frontier.mark_done(U + "a", source="s", now=T0, outcome="spooled", etag='"e1"',
                       last_modified="Sun, 01 Jun 2025 10:00:00 GMT", content_hash="h1")
    # same date as before, or a new date still before our fetch: nothing to do
    assert frontier.plan_listing("s", links("a", lastmod="2025-06-01T10:00:00Z"), depth=1, budget=5,
                                 scheduled=set(), now=T0)[0] == []
    assert frontier.plan_listing("s", links("a", lastmod="2025-06-01T11:00:00Z"), depth=1, budget=5,
                                 scheduled=set(), now=T0)[0] == []
    later = T0 + timedelta(days=1)
    planned, tally = frontier.plan_listing("s", links("a", lastmod="2025-06-02T08:00:00Z"), depth=1, budget=5,
                                           scheduled=set(), now=later)
    (p,) = planned
    assert p.recheck and p.etag == '"e1"' and p.last_modified == "Sun, 01 Jun 2025 10:00:00 GMT"
    assert tally == {"recheck": 1}


def test_index_pages_are_always_due_with_their_validators(frontier):
    (start,) = frontier.start_urls("s", [U + "feed.xml"], T0)
    assert start.role == "index" and start.etag is None
    frontier.mark_done(U + "feed.xml", source="s", now=T0, outcome="listing", role="index", etag='"f1"',
                       last_modified="Sun, 01 Jun 2025 10:00:00 GMT")
    (again,) = frontier.start_urls("s", [U + "feed.xml"], T0)
    assert again.etag == '"f1"' and again.last_modified == "Sun, 01 Jun 2025 10:00:00 GMT"
    page2 = Link(U + "page/2", role="index")
    frontier.plan_listing("s", [page2], depth=1, budget=5, scheduled=set(), now=T0)
    frontier.mark_done(page2.url, source="s", now=T0, outcome="listing", role="index", etag='"p2"')
    (p,) = frontier.plan_listing("s", [page2], depth=1, budget=5, scheduled=set(), now=T0)[0]
    assert p.role == "index" and p.etag == '"p2"'


def test_resume_returns_what_a_killed_run_left_pending_or_found(tmp_path):
    path = tmp_path / "frontier.db"
    f = Frontier(path)
    f.plan_listing("s", links("a", "b", "c", "d"), depth=1, budget=3, scheduled=set(), now=T0)
    f.mark_done(U + "a", source="s", now=T0, outcome="spooled", content_hash="h")
    f._db.close()  # as if killed: no clean close
    import os
    os.close(f._lock)
    g = Frontier(path)
    resumed = g.resume("s", limit=10, now=T0)
    assert [p.url for p in resumed] == [U + "b", U + "c", U + "d"]
    assert resumed[0].hints.title == "B"
    assert g.resume("other", limit=10, now=T0) == []
    assert [p.url for p in g.resume("s", limit=1, now=T0)] == [U + "b"]
    g.close()


def test_resume_returns_listings_a_killed_run_never_reached_first_and_conditionally(frontier):
    frontier.plan_listing("s", links("a"), depth=1, budget=5, scheduled=set(), now=T0)
    child = Link(U + "sitemap-2.xml", role="index")
    frontier.plan_listing("s", [child], depth=1, budget=5, scheduled=set(), now=T0)
    resumed = frontier.resume("s", limit=10, now=T0)
    assert [(p.url, p.role) for p in resumed] == [(child.url, "index"), (U + "a", "article")]


def test_failures_are_retried_on_later_runs_up_to_the_attempt_limit(frontier):
    frontier.plan_listing("s", links("a", "b"), depth=1, budget=5, scheduled=set(), now=T0)
    frontier.mark_failed(U + "a", source="s", now=T0, error="timeout")
    frontier.mark_failed(U + "b", source="s", now=T0, error="http-404", permanent=True)
    assert [p.url for p in frontier.resume("s", 10, T0)] == [U + "a"]
    frontier.mark_failed(U + "a", source="s", now=T0, error="timeout")
    frontier.mark_failed(U + "a", source="s", now=T0, error="timeout")
    assert frontier.row(U + "a").attempts == 3
    assert frontier.resume("s", 10, T0) == []
    assert frontier.plan_listing("s", links("a", "b"), depth=1, budget=5, scheduled=set(), now=T0)[1] == {"known": 2}


def test_redirect_targets_are_marked_done_with_the_page(frontier):
    frontier.plan_listing("s", links("go"), depth=1, budget=5, scheduled=set(), now=T0)
    frontier.mark_done(U + "go", source="s", now=T0, outcome="spooled", also=[U + "target"], content_hash="h")
    assert frontier.is_done(U + "target")


def test_a_second_crawl_on_the_same_frontier_is_refused(tmp_path, frontier):
    with pytest.raises(CrawlerError, match="in use by another crawl"):
        Frontier(frontier.path)


def test_a_file_that_is_not_a_frontier_is_refused(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CrawlerError, match="not a usable frontier"):
        Frontier(path)


def test_commits_are_visible_to_another_connection_at_once(frontier):
    frontier.plan_listing("s", links("a"), depth=1, budget=5, scheduled=set(), now=T0)
    frontier.mark_done(U + "a", source="s", now=T0, outcome="spooled", content_hash="h")
    other = sqlite3.connect(frontier.path)
    assert other.execute("SELECT state FROM urls WHERE url = ?", (U + "a",)).fetchone() == ("done",)
    other.close()
