"""`interopwatch query`: read-only by construction, time-limited, three output formats."""

import csv
import io
import json

import pytest

from pipeline.errors import QueryRefused, QueryTimeout
from pipeline.store import run_readonly_query
from tests.pipeline.conftest import run_cli

WRITES = [
    "INSERT INTO runs (stage, started_at, status) VALUES ('x', 'y', 'ok')",
    "UPDATE articles SET title = 'defaced'",
    "DELETE FROM articles",
    "DROP TABLE claims",
    "CREATE TABLE evil (x)",
    "ATTACH DATABASE 'other.db' AS other",
    "PRAGMA writable_schema=1",
    "PRAGMA journal_mode=DELETE",
    "PRAGMA user_version=99",
    "CREATE TEMP TABLE t (x)",
    "BEGIN",
    "REINDEX",
    "VACUUM",
]


def files_of(path):
    return {p.name: p.read_bytes() for p in path.parent.iterdir()}


@pytest.mark.parametrize("sql", WRITES)
def test_writes_are_refused_through_the_cli_and_the_file_is_unchanged(filled_db, sql):
    before = filled_db.read_bytes()
    result = run_cli("--db", str(filled_db), "query", sql)
    assert result.returncode == 2, result.stderr
    assert "read-only" in result.stderr or "refused" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one readable line, no traceback
    assert filled_db.read_bytes() == before


@pytest.mark.parametrize("sql", ["INSERT INTO claims SELECT * FROM claims", "DELETE FROM runs", "DROP VIEW claim_history"])
def test_refusals_raise_query_refused(filled_db, sql):
    with pytest.raises(QueryRefused):
        run_readonly_query(filled_db, sql, 5)


@pytest.mark.parametrize("sql", [
    "SELECT host, kind, status FROM claims",
    "SELECT * FROM claim_history",
    "SELECT * FROM pragma_table_info('claims')",
    "PRAGMA table_info(claims)",
    "PRAGMA user_version",
    "SELECT a.title FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH 'wechat'",
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) SELECT sum(x) FROM n",
])
def test_reads_are_allowed(filled_db, sql):
    assert run_readonly_query(filled_db, sql, 5).columns


def test_full_text_search_finds_an_article(filled_db):
    result = run_readonly_query(filled_db, "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                                           "WHERE articles_fts MATCH 'youku OR \"ele.me\"'", 5)
    assert result.rows == [("https://news.example/alipay",)]


def test_a_long_query_stops_at_the_time_limit(filled_db):
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
    with pytest.raises(QueryTimeout, match="query.timeout_seconds"):
        run_readonly_query(filled_db, endless, 0.3)


def test_time_limit_from_the_cli(filled_db):
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
    result = run_cli("--db", str(filled_db), "-s", "query.timeout_seconds=0.3", "query", endless)
    assert result.returncode == 3
    assert "stopped after 0.3 s" in result.stderr


def test_table_output_is_aligned(invoke, filled_db):
    result = invoke("--db", str(filled_db), "query", "SELECT id, url FROM articles ORDER BY id")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "url"]
    assert lines[2].split() == ["1", "https://news.example/wechat-links"]
    assert lines[-1] == "(2 rows)"
    assert lines[0].index("url") == lines[2].index("https")


def test_csv_and_json_output(invoke, filled_db):
    sql = "SELECT id, title FROM articles ORDER BY id"
    as_csv = invoke("--db", str(filled_db), "query", "--format", "csv", sql).output
    assert list(csv.reader(io.StringIO(as_csv)))[1] == ["1", "WeChat opens external links"]
    as_json = json.loads(invoke("--db", str(filled_db), "query", "-f", "json", sql).output)
    assert as_json[1] == {"id": 2, "title": "Alibaba apps take WeChat Pay"}


def test_sql_errors_are_one_line(filled_db):
    result = run_cli("--db", str(filled_db), "query", "SELECT nope FROM nowhere")
    assert result.returncode == 2
    assert result.stderr.strip() == "interopwatch: error: SQL error: no such table: nowhere"


def test_a_missing_database_is_a_clear_error(tmp_path):
    result = run_cli("--db", str(tmp_path / "none.db"), "query", "SELECT 1")
    assert result.returncode == 1
    assert "no database at" in result.stderr
    assert not (tmp_path / "none.db").exists()
