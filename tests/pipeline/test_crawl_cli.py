"""`interopwatch crawl` and `interopwatch run` end to end, as a user runs them, against the
fixture news site on 127.0.0.1: every article stored once with its fields, every trap handled,
failing sources reported, and a crawl killed with SIGKILL completed by the next run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime

import pytest

from tests.pipeline.conftest import REPO, run_cli
from tests.support.fixture_site import serve_fixture_site

pytestmark = pytest.mark.slow
FAST = ["-s", "crawler.download_delay=0", "-s", "crawler.autothrottle=false", "-s", "crawler.retry_times=2"]


def settings(tmp_path):
    return ["--db", str(tmp_path / "store.db"), "-s", f"paths.data_dir={tmp_path / 'data'}", *FAST]


def stored(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT url, title, author, published, language, text, source FROM articles").fetchall()
    finally:
        conn.close()


def test_crawl_stores_every_article_once_with_its_fields_and_reports_failing_sources(tmp_path, fixture_site):
    sources = fixture_site.write_sources(tmp_path / "sources.toml")
    result = run_cli(*settings(tmp_path), "crawl", "--sources", str(sources))
    assert result.returncode == 0, result.stderr
    rows = stored(tmp_path / "store.db")
    urls = [r[0] for r in rows]
    assert sorted(urls) == sorted(fixture_site.expected)  # each once, canonical, nothing else
    for url, title, author, published, language, text, _source in rows:
        spec = fixture_site.expected[url]
        assert title == spec.title
        assert author == spec.author
        assert datetime.fromisoformat(published).date() == datetime.fromisoformat(spec.published).date()
        assert language == "en"
        assert spec.paragraphs[0][:60] in text
        assert "[ad_1]" not in text and "Sign up for our weekly newsletter" not in text
        assert spec.caption not in text
    for trap in fixture_site.traps:
        assert trap.requests == [], f"a request reached {trap.base}"
    # every failing source is named with its reason; the others went on
    assert "FAILED" in result.stdout
    conn = sqlite3.connect(tmp_path / "store.db")
    per_source = dict(conn.execute("SELECT source, status FROM runs WHERE stage = 'crawl-source'").fetchall())
    assert per_source["fx-rss2"] == "ok" and per_source["fx-sitemap"] == "ok"
    assert "failed" in per_source.values()
    (crawl_status,) = conn.execute("SELECT status FROM runs WHERE stage = 'crawl'").fetchone()
    assert crawl_status == "partial"


def sources_without(fixture_site, path, *names: str):
    """The fixture's sources file without the named sources."""
    head, *blocks = fixture_site.sources_text().split("[[source]]")
    kept = [b for b in blocks if not any(f'name = "{n}"' in b for n in names)]
    assert len(kept) == len(blocks) - len(names)
    path.write_text("[[source]]".join([head, *kept]), encoding="utf-8")
    return path


def test_a_second_crawl_of_an_unchanged_site_stores_nothing_new(tmp_path, fixture_site):
    # Without the two sources whose robots.txt fails (503, connection refused): each run would
    # wait out their retries' backoff (~3.5 s a run), which has nothing to do with re-crawling.
    sources = sources_without(fixture_site, tmp_path / "sources.toml", "fx-robots-503", "fx-dead")
    assert run_cli(*settings(tmp_path), "crawl", "--sources", str(sources)).returncode == 0
    fixture_site.site.reset_log()
    again = run_cli(*settings(tmp_path), "crawl", "--sources", str(sources))
    assert again.returncode == 0, again.stderr
    assert "ingest: 0 new, 0 updated" in again.stdout
    article_paths = {"/" + spec.path for spec in fixture_site.expected.values()}
    refetched = [r for r in fixture_site.site.requests if r.path in article_paths and r.status == 200]
    assert refetched == []
    assert len(stored(tmp_path / "store.db")) == len(fixture_site.expected)


def test_an_unknown_source_name_is_a_clear_error(tmp_path, fixture_site):
    sources = fixture_site.write_sources(tmp_path / "sources.toml")
    result = run_cli(*settings(tmp_path), "crawl", "--sources", str(sources), "--source", "nope")
    assert result.returncode != 0
    assert "no source named 'nope'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_invalid_sources_file_stops_the_crawl_with_its_location(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\nkind = "rss"\nurls = ["https://example.org/feed"]\nallowed_domains = ["example.org"]\n')
    result = run_cli(*settings(tmp_path), "crawl", "--sources", str(bad))
    assert result.returncode != 0
    assert str(bad) in result.stderr and "kind" in result.stderr


def test_a_crawl_killed_with_sigkill_is_completed_by_the_next_run(tmp_path):
    with serve_fixture_site(delay=0.3) as fx:
        sources = fx.write_sources(tmp_path / "sources.toml")
        cmd = [sys.executable, "-m", "pipeline", *settings(tmp_path), "crawl", "--sources", str(sources)]
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        spool = tmp_path / "data" / "spool"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if any(p.stat().st_size > 0 for p in spool.glob("*.jsonl")):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its crawler child, at once
        proc.wait()
        fx.site.delay = 0.0
        result = run_cli(*settings(tmp_path), "crawl", "--sources", str(sources))
        assert result.returncode == 0, result.stderr
        urls = [r[0] for r in stored(tmp_path / "store.db")]
        assert sorted(urls) == sorted(fx.expected)  # nothing lost, nothing twice


def test_run_crawls_ingests_and_analyses(tmp_path, fixture_site):
    sources = fixture_site.write_sources(tmp_path / "sources.toml")
    result = run_cli(*settings(tmp_path), "-s", f"crawler.sources={sources}", "run")
    assert result.returncode == 0, result.stderr
    assert "analyse:" in result.stdout
    conn = sqlite3.connect(tmp_path / "store.db")
    assert conn.execute("SELECT count(*) FROM articles WHERE analysed_at IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
    stages = {s for (s,) in conn.execute("SELECT stage FROM runs")}
    assert {"cycle", "crawl", "crawl-source", "ingest", "analyse"} <= stages
    query = run_cli("--db", str(tmp_path / "store.db"), "query", "-f", "json",
                    "SELECT DISTINCT kind FROM claims ORDER BY kind")
    assert query.returncode == 0
    assert json.loads(query.stdout)
