"""Ingest: spooled article records -> `articles`, keyed on canonical URL; spool files archived.

A torn last line (a crawl killed mid-write) is skipped; so is any line that is not a valid record,
with its file and line number in the errors. A file still being written (locked by a running
crawl) is left for the next ingest. Re-ingesting a file changes nothing (same URL, same hash).
"""

from __future__ import annotations

import fcntl
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from pipeline.clock import Clock, iso, utc_now
from pipeline.store import finish_run, start_run, upsert_article

log = logging.getLogger(__name__)
REQUIRED = ("url", "text", "content_hash")


@dataclass(frozen=True)
class IngestOutcome:
    files: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    busy_files: int = 0
    errors: tuple[str, ...] = field(default=())

    def counts(self) -> dict:
        return {"files": self.files, "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped, "busy_files": self.busy_files}


def read_spool_file(path: Path) -> tuple[list[dict], list[str]]:
    """Records of one spool file, and a message per line that could not be used."""
    records, errors = [], []
    data = path.read_bytes()
    lines = data.split(b"\n")
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        torn = number == len(lines) and not data.endswith(b"\n")
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            if not torn:
                errors.append(f"{path.name}:{number}: not a JSON record ({e}); line skipped")
            continue
        missing = [k for k in REQUIRED if not isinstance(record, dict) or not record.get(k)]
        if missing:
            errors.append(f"{path.name}:{number}: record lacks {', '.join(missing)}; line skipped")
            continue
        records.append(record)
    return records, errors


def ingest_spool(db: sqlite_utils.Database, spool_dir: Path, clock: Clock = utc_now) -> IngestOutcome:
    """Upsert every finished spool file in `spool_dir`, then move it to `spool_dir/archive/`."""
    spool_dir = Path(spool_dir)
    run_id = start_run(db, "ingest", iso(clock()))
    tally: Counter = Counter()
    errors: list[str] = []
    archive = spool_dir / "archive"
    for path in sorted(spool_dir.glob("*.jsonl")) if spool_dir.is_dir() else []:
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                tally["busy_files"] += 1
                log.info("spool file %s is being written by a running crawl; left for the next ingest", path.name)
                continue
            records, bad = read_spool_file(path)
            errors.extend(bad)
            tally["skipped"] += len(bad)
            for record in records:
                tally[upsert_article(db, record, iso(clock()))] += 1
            archive.mkdir(exist_ok=True)
            path.replace(archive / path.name)
            tally["files"] += 1
    outcome = IngestOutcome(files=tally["files"], new=tally["new"], updated=tally["updated"], unchanged=tally["unchanged"],
                            skipped=tally["skipped"], busy_files=tally["busy_files"], errors=tuple(errors))
    finish_run(db, run_id, "partial" if errors else "ok", iso(clock()), outcome.counts(), errors[:100])
    log.info("ingest: %d file(s), %d new, %d updated, %d unchanged, %d line(s) skipped",
             outcome.files, outcome.new, outcome.updated, outcome.unchanged, outcome.skipped)
    return outcome
