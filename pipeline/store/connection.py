"""Opening the store: refuse what is not ours, apply migrations, set WAL and foreign keys."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

from pipeline.errors import StoreError
from pipeline.store.migrations import MIGRATIONS, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000


def check_database_file(path: Path) -> None:
    """Raise StoreError if `path` exists and is not a SQLite database. Reads 16 bytes, writes nothing."""
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a SQLite database; pass a file path with --db")
    with path.open("rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head and head != SQLITE_HEADER:
        raise StoreError(f"{path} is not a SQLite database (its first bytes are not the SQLite header); "
                         f"it was left untouched: pass another path with --db")


def schema_version_of(path: Path) -> int:
    """The schema version of an existing database, read without changing it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return version
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} cannot be read as a SQLite database ({e}); it was left untouched") from e


def open_store(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the store at `path`, migrated to the current schema."""
    path = Path(path)
    check_database_file(path)
    if path.exists() and path.stat().st_size > 0:
        version = schema_version_of(path)
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path} was written by a newer Interop Watch (schema {version}; this version knows "
                             f"up to {SCHEMA_VERSION}); it was left untouched: upgrade interopwatch to use it")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: cannot open the store: {e}") from e
    return sqlite_utils.Database(conn)


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations the database lacks, each in its own transaction; return their numbers."""
    applied = []
    for number, _description, sql in MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
            applied.append(number)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return applied


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into complete statements (sqlite3.complete_statement knows triggers)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete statement in migration: {buffer[:80]!r}")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction (BEGIN IMMEDIATE ... COMMIT); rolled back on any exception."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
