"""Ingest: spool files -> articles, once per canonical URL, torn lines skipped, files archived."""

import fcntl
import json

from pipeline.stages import ingest_spool
from pipeline.store import open_store
from tests.pipeline.conftest import run_cli


def spool_line(url, text="Body text about WeChat Pay.", **extra):
    rec = dict(url=url, source="fixture", title="T", author=None, published="2024-03-01", language="en", text=text,
               content_hash=str(abs(hash(text))), fetched_at="2026-11-25T09:00:00Z", etag=None, last_modified=None,
               requested_url=url, **extra)
    return json.dumps(rec) + "\n"


def test_records_are_stored_once_and_files_archived(tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / "run1.jsonl").write_text(spool_line("https://a.example/1") + spool_line("https://a.example/2"))
    (spool / "run2.jsonl").write_text(spool_line("https://a.example/2") + spool_line("https://a.example/3"))
    db = open_store(tmp_path / "s.db")
    outcome = ingest_spool(db, spool)
    assert (outcome.new, outcome.unchanged, outcome.files) == (3, 1, 2)
    assert sorted(p.name for p in (spool / "archive").iterdir()) == ["run1.jsonl", "run2.jsonl"]
    assert list(spool.glob("*.jsonl")) == []
    assert ingest_spool(db, spool).files == 0  # nothing left to do
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_a_torn_last_line_is_skipped_silently_and_the_rest_kept(tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    whole = spool_line("https://a.example/1")
    torn = spool_line("https://a.example/2")[:40]
    (spool / "killed.jsonl").write_text(whole + torn)
    db = open_store(tmp_path / "s.db")
    outcome = ingest_spool(db, spool)
    assert outcome.new == 1 and outcome.skipped == 0 and outcome.errors == ()


def test_bad_lines_in_the_middle_are_reported_with_file_and_line(tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / "x.jsonl").write_text(spool_line("https://a.example/1") + "{not json\n" + json.dumps({"url": "u"}) + "\n"
                                   + spool_line("https://a.example/2"))
    db = open_store(tmp_path / "s.db")
    outcome = ingest_spool(db, spool)
    assert outcome.new == 2 and outcome.skipped == 2
    assert outcome.errors[0].startswith("x.jsonl:2: not a JSON record")
    assert outcome.errors[1].startswith("x.jsonl:3: record lacks text, content_hash")
    run = db.execute("SELECT status, errors FROM runs WHERE stage = 'ingest'").fetchone()
    assert run[0] == "partial" and "x.jsonl:2" in run[1]


def test_a_spool_file_locked_by_a_running_crawl_is_left_alone(tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    path = spool / "running.jsonl"
    path.write_text(spool_line("https://a.example/1"))
    db = open_store(tmp_path / "s.db")
    with path.open("ab") as writer:
        fcntl.flock(writer, fcntl.LOCK_EX)
        outcome = ingest_spool(db, spool)
    assert (outcome.new, outcome.busy_files) == (0, 1)
    assert path.exists()
    assert ingest_spool(db, spool).new == 1


def test_ingest_through_the_cli(tmp_path):
    spool = tmp_path / "data" / "spool"
    spool.mkdir(parents=True)
    (spool / "r.jsonl").write_text(spool_line("https://a.example/1") + spool_line("https://a.example/1"))
    result = run_cli("--db", str(tmp_path / "s.db"), "-s", f"paths.data_dir={tmp_path / 'data'}", "ingest")
    assert result.returncode == 0, result.stderr
    assert "ingest: 1 new, 0 updated, 1 unchanged article(s) from 1 spool file(s)" in result.stdout
