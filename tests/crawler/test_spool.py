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
