"""A crawl killed with SIGKILL mid-way: the next run completes it, nothing lost, nothing fetched
twice beyond the requests that were in flight."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.crawler.conftest import REPO, crawl_options, run_crawler, spooled
from tests.support.fixture_site import serve_fixture_site

pytestmark = pytest.mark.slow
GOOD_SOURCES = ("fx-rss2", "fx-rdf", "fx-atom", "fx-sitemap", "fx-section")


def good_sources(fx) -> str:
    blocks = fx.sources_text().split("[[source]]")
    return "".join("[[source]]" + b for b in blocks[1:] if any(f'name = "{n}"' in b for n in GOOD_SOURCES))


@pytest.mark.parametrize("kill_after_records", [1, 5])
def test_a_killed_crawl_resumes_and_loses_nothing(tmp_path, kill_after_records):
    with serve_fixture_site(delay=0.25) as fx:
        sources = tmp_path / "sources.toml"
        sources.write_text(good_sources(fx), encoding="utf-8")
        options = crawl_options(tmp_path, sources, run_id="killed", parse_workers=1)
        proc = subprocess.Popen([sys.executable, "-m", "crawler.run", "--options-json", options.to_json()],
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        spool = options.spool_dir / "killed.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if spool.exists() and spool.read_bytes().count(b"\n") >= kill_after_records:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        workers = children(proc.pid)
        assert workers  # the parse worker
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(0.5)  # let the server finish answering what was sent before the kill
        answered = {r.path for r in fx.site.requests if r.status == 200}
        with sqlite3.connect(options.frontier_path) as db:
            recorded = {urlsplit(u).path for (u,) in db.execute("SELECT url FROM urls WHERE state IN ('done', 'failed')")}
        in_flight = answered - recorded  # answered by the server, not yet recorded by the crawler
        fx.site.reset_log()
        before = spooled(options.spool_dir)
        assert kill_after_records <= len(before) < len(fx.expected)
        assert not options.summary_path.exists()  # it really died mid-way

        fx.site.delay = 0.0
        resumed = run_crawler(crawl_options(tmp_path, sources, run_id="resumed"))
        assert resumed.returncode == 0, resumed.stderr[-2000:]

        records = spooled(options.spool_dir)
        assert {r["url"] for r in records} == set(fx.expected)  # nothing lost
        assert len(records) - len(set(r["url"] for r in records)) <= 2  # at most the pages in flight
        again = Counter(r.path for r in fx.site.requests if r.status == 200 and r.path.startswith(("/news/", "/amp/")))
        fetched_twice = {p for p in again if p in answered}
        assert fetched_twice <= in_flight, (fetched_twice, in_flight)  # only what was in flight at the kill
        assert all(n == 1 for n in again.values()), again
        for trap in fx.traps:
            assert trap.requests == []
        time.sleep(1.0)
        assert not [pid for pid in workers if alive(pid)]  # orphaned parse workers went away


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_torn_last_line_is_all_a_kill_can_leave_in_the_spool(tmp_path):
    path = tmp_path / "spool.jsonl"
    path.write_text('{"url": "a"}\n{"url": "b"}\n{"url": "c", "te', encoding="utf-8")
    assert [r["url"] for r in spooled(tmp_path)] == ["a", "b"]
    assert json.loads(path.read_text().splitlines()[0]) == {"url": "a"}


def test_sigterm_stops_the_crawl_cleanly_with_a_summary_and_the_rest_waits_for_the_next_run(tmp_path):
    with serve_fixture_site(delay=0.25) as fx:
        sources = tmp_path / "sources.toml"
        sources.write_text(good_sources(fx), encoding="utf-8")
        options = crawl_options(tmp_path, sources, run_id="stopped")
        proc = subprocess.Popen([sys.executable, "-m", "crawler.run", "--options-json", options.to_json()],
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        spool = options.spool_dir / "stopped.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (spool.exists() and spool.read_bytes().count(b"\n") >= 2):
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, stderr[-2000:]
        summary = json.loads(options.summary_path.read_text())
        assert 2 <= summary["totals"]["items_written"] < len(fx.expected)
        fx.site.delay = 0.0
        assert run_crawler(crawl_options(tmp_path, sources, run_id="rest")).returncode == 0
        assert {r["url"] for r in spooled(options.spool_dir)} == set(fx.expected)
