"""The `runs` table: one row per stage run, with counts and errors."""

from __future__ import annotations

import json
import os

import sqlite_utils

from pipeline.processes import process_alive
from pipeline.store.connection import transaction


def start_run(db: sqlite_utils.Database, stage: str, now: str, source: str | None = None) -> int:
    with transaction(db):
        cur = db.execute("INSERT INTO runs (stage, source, started_at, status, pid) VALUES (?, ?, ?, 'running', ?)",
                         [stage, source, now, os.getpid()])
        return cur.lastrowid


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, now: str,
               counts: dict | None = None, errors: list | None = None) -> None:
    with transaction(db):
        db.execute("UPDATE runs SET status = ?, finished_at = ?, counts = ?, errors = ? WHERE id = ?",
                   [status, now, json.dumps(counts or {}, sort_keys=True), json.dumps(errors or []), run_id])


def record_run(db: sqlite_utils.Database, stage: str, status: str, started: str, finished: str,
               counts: dict | None = None, errors: list | None = None, source: str | None = None) -> int:
    """A finished run in one go (per-source crawl results)."""
    with transaction(db):
        cur = db.execute("INSERT INTO runs (stage, source, started_at, finished_at, status, counts, errors, pid) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [stage, source, started, finished, status, json.dumps(counts or {}, sort_keys=True),
                          json.dumps(errors or []), os.getpid()])
        return cur.lastrowid


def mark_interrupted(db: sqlite_utils.Database, now: str) -> int:
    """Runs left 'running' by a process that no longer exists become 'interrupted'. Returns how many."""
    rows = db.execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall()
    dead = [run_id for run_id, pid in rows if not process_alive(pid)]
    if dead:
        with transaction(db):
            db.conn.executemany("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ?", [(now, i) for i in dead])
    return len(dead)


def fail_running(db: sqlite_utils.Database, now: str, error: str, pid: int | None = None) -> int:
    """Runs this process (or `pid`) left 'running' after a stage raised become 'failed'. Returns how many."""
    with transaction(db):
        cur = db.execute("UPDATE runs SET status = 'failed', finished_at = ?, errors = ? WHERE status = 'running' AND pid = ?",
                         [now, json.dumps([error]), pid or os.getpid()])
        return cur.rowcount


def last_runs(db: sqlite_utils.Database, limit: int = 10) -> list[dict]:
    rows = db.execute("SELECT id, stage, source, started_at, finished_at, status, counts, errors FROM runs "
                      "ORDER BY id DESC LIMIT ?", [limit]).fetchall()
    keys = ("id", "stage", "source", "started_at", "finished_at", "status", "counts", "errors")
    out = []
    for row in rows:
        d = dict(zip(keys, row))
        d["counts"] = json.loads(d["counts"]) if d["counts"] else {}
        d["errors"] = json.loads(d["errors"]) if d["errors"] else []
        out.append(d)
    return out


def table_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
            for t in ("articles", "entities", "mentions", "claims", "digests", "runs")}
