"""Spool files: one JSON object per line (SpoolRecord's keys), appended, flushed and fsynced
before the call returns, for `pipeline` ingest to upsert.

    make_record(article, source, requested_url, fetched_at, etag, last_modified) -> SpoolRecord
    Spool(spool_dir, run_id).append(record)
    Spool(spool_dir, run_id).append_many(records)   # one write and one fsync for them all

The file is `<spool_dir>/<run id>.jsonl`, held under an exclusive flock while the crawl runs, so
ingest leaves a file being written alone. A crawl killed mid-write can leave a torn last line;
the reader skips it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from crawler.records import Article, SpoolRecord


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_record(article: Article, *, source: str, requested_url: str, fetched_at: datetime,
                etag: str | None, last_modified: str | None, text_hash: str | None = None) -> SpoolRecord:
    """`text_hash`: content_hash(article.text) when the caller has it already."""
    return SpoolRecord(
        url=article.url, source=source, title=article.title, author=article.author,
        published=article.published, language=article.language, text=article.text,
        content_hash=text_hash or content_hash(article.text), fetched_at=fetched_at.isoformat(),
        etag=etag, last_modified=last_modified, requested_url=requested_url,
    )


class Spool:
    """An append-only spool file for one run."""

    def __init__(self, spool_dir: Path | str, run_id: str):
        self.path = Path(spool_dir) / f"{run_id}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        self.written = 0

    def append(self, record: SpoolRecord) -> None:
        """Write one record as one line and make it durable before returning."""
        self.append_many((record,))

    def append_many(self, records: Sequence[SpoolRecord]) -> None:
        """Write the records, one line each, and make them all durable before returning: one
        fsync for the lot (a group commit; fsync costs the same for one line or ten)."""
        if self._fd is None:
            raise ValueError(f"spool {self.path} is closed")
        if not records:
            return
        data = "".join(json.dumps(r.to_json_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
                       for r in records).encode("utf-8")
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]
        os.fsync(self._fd)
        self.written += len(records)

    def close(self) -> None:
        """Release the file; an empty spool file is removed."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if self.written == 0:
            self.path.unlink(missing_ok=True)
        os.close(fd)
