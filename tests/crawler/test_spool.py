"""Spool files: one JSON line per record with SpoolRecord's keys, durable, locked while written."""

from __future__ import annotations

import fcntl
import json
from dataclasses import fields
from datetime import datetime, timezone

import pytest

from crawler.records import Article, SpoolRecord
from crawler.spool import Spool, content_hash, make_record

ARTICLE = Article("http://news.test/a", "Title – é", "Ann Author", "2025-03-19", "en", "Body text.\n\nMore.")
WHEN = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)


def test_records_are_lines_with_exactly_the_contract_keys(tmp_path):
    spool = Spool(tmp_path, "run-1")
    rec = make_record(ARTICLE, source="s", requested_url="http://news.test/a?utm_source=x", fetched_at=WHEN,
                      etag='"e"', last_modified=None)
    spool.append(rec)
    spool.append(rec)
    spool.close()
    lines = (tmp_path / "run-1.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    data = json.loads(lines[0])
    assert list(data) == [f.name for f in fields(SpoolRecord)]
    assert data["content_hash"] == content_hash(ARTICLE.text) and len(data["content_hash"]) == 64
    assert data["title"] == "Title – é" and data["fetched_at"] == "2025-06-01T12:00:00+00:00"
    assert data["requested_url"] == "http://news.test/a?utm_source=x"


def test_the_file_is_locked_while_the_crawl_writes_it(tmp_path):
    spool = Spool(tmp_path, "run-2")
    spool.append(make_record(ARTICLE, source="s", requested_url="u", fetched_at=WHEN, etag=None, last_modified=None))
    with open(spool.path, "rb") as reader:
        with pytest.raises(BlockingIOError):
            fcntl.flock(reader, fcntl.LOCK_EX | fcntl.LOCK_NB)
        spool.close()
        fcntl.flock(reader, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the crawl is done


def test_each_record_is_on_disk_when_append_returns(tmp_path):
    spool = Spool(tmp_path, "run-3")
    spool.append(make_record(ARTICLE, source="s", requested_url="u", fetched_at=WHEN, etag=None, last_modified=None))
    # read through a separate file description while the spool is still open
    assert json.loads((tmp_path / "run-3.jsonl").read_bytes().splitlines()[0])["url"] == ARTICLE.url
    spool.close()


def test_an_empty_spool_leaves_no_file(tmp_path):
    Spool(tmp_path, "run-4").close()
    assert not (tmp_path / "run-4.jsonl").exists()


def test_appending_to_a_closed_spool_is_an_error(tmp_path):
    spool = Spool(tmp_path, "run-5")
    spool.close()
    with pytest.raises(ValueError):
        spool.append(make_record(ARTICLE, source="s", requested_url="u", fetched_at=WHEN, etag=None, last_modified=None))


def _record(n: int) -> SpoolRecord:
    return make_record(Article(f"http://news.test/{n}", "T", None, None, "en", f"Body {n}."), source="s",
                       requested_url=f"http://news.test/{n}", fetched_at=WHEN, etag=None, last_modified=None)


def test_records_queued_behind_an_fsync_are_written_in_order_each_acknowledged_once_on_disk(tmp_path):
    from crawler.pipelines import SpoolWriter

    spool = Spool(tmp_path, "run-6")
    batches: list[int] = []
    seen_on_disk: list[bool] = []

    def append_many(records):
        spool.append_many(records)
        batches.append(len(records))

    writer = SpoolWriter(append_many)
    futures = [writer.submit(_record(n)) for n in range(200)]
    for n, future in enumerate(futures):
        future.result(timeout=10)
        lines = spool.path.read_bytes().splitlines()
        seen_on_disk.append(len(lines) > n and json.loads(lines[n])["url"] == f"http://news.test/{n}")
    writer.close()
    spool.close()
    assert all(seen_on_disk)
    assert sum(batches) == 200 and spool.written == 200 and max(batches) <= SpoolWriter.MAX_BATCH
    urls = [json.loads(line)["url"] for line in spool.path.read_bytes().splitlines()]
    assert urls == [f"http://news.test/{n}" for n in range(200)]


def test_a_failed_write_fails_every_record_of_its_batch(tmp_path):
    from crawler.pipelines import SpoolWriter

    def broken(records):
        raise OSError("disk full")

    writer = SpoolWriter(broken)
    futures = [writer.submit(_record(n)) for n in range(5)]
    for future in futures:
        with pytest.raises(OSError):
            future.result(timeout=10)
    writer.close()
