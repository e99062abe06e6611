"""Ad-hoc SQL that cannot change the database, by construction.

Three locks: the file is opened with `mode=ro`; an authorizer allows only reads (no INSERT,
UPDATE, DELETE, DDL, ATTACH, transactions, or pragmas that set state); a progress handler stops
the statement at the time limit.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import QueryRefused, QueryTimeout, StoreError
from pipeline.store.connection import check_database_file

# Pragmas that only describe the schema; allowed with any argument (pragma_table_info('claims')).
INFO_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "collation_list", "function_list", "module_list", "pragma_list", "database_list", "compile_options",
}
# Pragmas that read state; allowed only without a value (PRAGMA user_version, not = 5).
READ_PRAGMAS = {"user_version", "schema_version", "page_count", "page_size", "freelist_count", "encoding",
                "journal_mode", "application_id", "data_version", "foreign_keys", "auto_vacuum"}
ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
# SQLite checks "UPDATE sqlite_master" while it connects a virtual table (FTS5, pragma_table_info()).
# A real write to the schema table needs PRAGMA writable_schema, which is refused, and mode=ro.
SCHEMA_TABLES = {"sqlite_master", "sqlite_schema"}
ACTION_NAMES = {getattr(sqlite3, f"SQLITE_{n}"): n.replace("_", " ").lower() for n in (
    "INSERT", "UPDATE", "DELETE", "ATTACH", "DETACH", "TRANSACTION", "SAVEPOINT", "REINDEX", "ANALYZE",
    "ALTER_TABLE", "CREATE_INDEX", "CREATE_TABLE", "CREATE_TEMP_INDEX", "CREATE_TEMP_TABLE", "CREATE_TEMP_TRIGGER",
    "CREATE_TEMP_VIEW", "CREATE_TRIGGER", "CREATE_VIEW", "CREATE_VTABLE", "DROP_INDEX", "DROP_TABLE",
    "DROP_TEMP_INDEX", "DROP_TEMP_TABLE", "DROP_TEMP_TRIGGER", "DROP_TEMP_VIEW", "DROP_TRIGGER", "DROP_VIEW",
    "DROP_VTABLE")}


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple]


def _authorizer(refusals: list[str]):
    def check(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        if action in ALLOWED or (action == sqlite3.SQLITE_UPDATE and arg1 in SCHEMA_TABLES):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA:
            name = (arg1 or "").lower()
            if name in INFO_PRAGMAS or (name in READ_PRAGMAS and arg2 is None):
                return sqlite3.SQLITE_OK
            refusals.append(f"PRAGMA {name}" + (f" = {arg2}" if arg2 is not None else ""))
            return sqlite3.SQLITE_DENY
        refusals.append(ACTION_NAMES.get(action, f"do action {action}") + (f" {arg1}" if arg1 else ""))
        return sqlite3.SQLITE_DENY
    return check


def run_readonly_query(path: str | Path, sql: str, timeout: float, params: tuple = ()) -> QueryResult:
    """Run one SELECT-like statement on the database at `path`; raise QueryRefused / QueryTimeout."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no database at {path}; run `interopwatch run` first, or pass --db")
    check_database_file(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as e:
        raise StoreError(f"{path}: cannot open read-only: {e}") from e
    refusals: list[str] = []
    deadline = time.monotonic() + timeout
    conn.set_authorizer(_authorizer(refusals))
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
    try:
        cursor = conn.execute(sql, params)
        rows = cursor.fetchall()
        columns = tuple(d[0] for d in cursor.description or ())
        return QueryResult(columns, rows)
    except sqlite3.DatabaseError as e:
        if refusals:
            verb = (sql.split() or ["?"])[0].upper()
            raise QueryRefused(f"refused: `interopwatch query` is read-only and does not run {verb} statements "
                               f"(this one would {refusals[0]}); the database is unchanged") from e
        if "interrupted" in str(e):
            raise QueryTimeout(f"query stopped after {timeout:g} s (query.timeout_seconds); narrow it, add a LIMIT, "
                               f"or raise the limit with -s query.timeout_seconds=60") from e
        if isinstance(e, sqlite3.OperationalError) or isinstance(e, sqlite3.ProgrammingError):
            raise QueryRefused(f"SQL error: {e}") from e
        raise StoreError(f"{path}: {e}") from e
    except sqlite3.Warning as e:  # e.g. "You can only execute one statement at a time."
        raise QueryRefused(f"SQL error: {e}") from e
    finally:
        conn.close()
