"""The crawl summary: per source and totals, and the log lines."""

from __future__ import annotations

from crawler.summary import MAX_ERROR_MESSAGES, SourceTally, build_summary, progress_line, summary_line


def tallies():
    ok = SourceTally("ok-source", pages_fetched=10, not_modified=2, items_written=7, start_ok=1,
                     first_activity=100.0, last_activity=104.5)
    ok.drop("duplicate", 2)
    ok.drop("robots")
    ok.error("http://x/a: http-404")
    dead = SourceTally("dead-source", first_activity=100.0, last_activity=101.0)
    dead.start_failures.append("http://dead/feed.xml: connection-refused")
    dead.error("http://dead/feed.xml: connection-refused")
    return [ok, dead]


def test_each_source_reports_status_counts_drops_errors_and_time():
    summary = build_summary(tallies(), run_id="r1", started="s", finished="f", elapsed_seconds=5.0,
                            spool_path="/spool/r1.jsonl")
    ok, dead = summary["sources"]
    assert ok == {"name": "ok-source", "status": "ok", "reason": None, "pages_fetched": 10, "not_modified": 2,
                  "items_written": 7, "drops": {"duplicate": 2, "robots": 1}, "errors": ["http://x/a: http-404"],
                  "error_count": 1, "elapsed_seconds": 4.5}
    assert dead["status"] == "failed" and dead["reason"] == "http://dead/feed.xml: connection-refused"
    totals = summary["totals"]
    assert totals["sources"] == 2 and totals["sources_failed"] == 1 and totals["items_written"] == 7
    assert totals["pages_per_second"] == 2.0 and totals["drops"] == {"duplicate": 2, "robots": 1}
    assert summary["run_id"] == "r1" and summary["spool"] == "/spool/r1.jsonl"


def test_a_source_with_one_good_start_url_is_ok_despite_a_failing_one():
    t = SourceTally("s", start_ok=1)
    t.start_failures.append("http://x/feed2.xml: http-500")
    assert t.to_dict()["status"] == "ok"


def test_error_messages_are_capped_but_counted():
    t = SourceTally("s")
    for i in range(MAX_ERROR_MESSAGES + 10):
        t.error(f"e{i}")
    assert len(t.errors) == MAX_ERROR_MESSAGES and t.error_count == MAX_ERROR_MESSAGES + 10


def test_log_lines_name_rates_items_drops_and_failures():
    summary = build_summary(tallies(), run_id="r1", started="s", finished="f", elapsed_seconds=5.0, spool_path=None)
    line = summary_line(summary)
    assert "2 sources (1 failed)" in line and "10 pages" in line and "(2.0 pages/s)" in line
    assert "7 items written" in line and "duplicate=2, robots=1" in line
    assert "failed: dead-source (http://dead/feed.xml: connection-refused)" in line
    assert progress_line(tallies(), 2.0) == ("progress: 10 pages (5.0 pages/s), 2 not modified, 7 items, 2 errors; "
                                             "drops: duplicate=2, robots=1")
