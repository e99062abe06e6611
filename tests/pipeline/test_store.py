"""The store: migrations, refusing files that are not ours, article upserts, extraction writes, FTS."""

import sqlite3

import pytest

from nlp.records import Claim, EntityRef, Extraction, Mention
from pipeline.errors import StoreError
from pipeline.store import (
    SCHEMA_VERSION, count_pending, migrate, open_store, pending_articles, save_analysis_error, save_extraction,
    search_articles, upsert_article,
)
from pipeline.store.migrations import MIGRATIONS

NOW = "2026-11-25T09:00:00Z"


def record(url="https://news.example/a", text="Tencent began allowing external links in WeChat chats.", **extra):
    base = dict(url=url, source="fixture", title="WeChat opens links", author="A. Writer", published="2021-09-17",
                language="en", text=text, content_hash=str(hash(text)), fetched_at=NOW, etag='"v1"', last_modified=None)
    return {**base, **extra}


def schema_of(path):
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall())
    finally:
        conn.close()


def test_new_database_gets_every_table_view_and_wal(tmp_path):
    db = open_store(tmp_path / "a.db")
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master").fetchall()}
    assert {"articles", "entities", "mentions", "claims", "digests", "runs", "claim_history", "articles_fts"} <= names
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_applied_twice_are_a_no_op(tmp_path):
    path = tmp_path / "a.db"
    open_store(path).conn.close()
    before = schema_of(path)
    db = open_store(path)
    assert migrate(db.conn) == []
    assert schema_of(path) == before


def test_an_older_database_is_upgraded_and_keeps_its_rows(tmp_path, monkeypatch):
    import pipeline.store.connection as connection

    path = tmp_path / "old.db"
    monkeypatch.setattr(connection, "MIGRATIONS", MIGRATIONS[:1])
    db = open_store(path)
    upsert_article(db, record(), NOW)
    db.conn.close()
    extra = (SCHEMA_VERSION + 1, "test: a later migration", "CREATE TABLE later_table (x INTEGER);")
    monkeypatch.setattr(connection, "MIGRATIONS", MIGRATIONS + [extra])
    db = open_store(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert db["later_table"].exists()
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_a_database_from_a_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.db"
    open_store(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer Interop Watch"):
        open_store(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"this is a text file, not a database\n" * 40, b"\x00\x01garbage" * 500])
def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_corrupt_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "corrupt.db"
    open_store(path).conn.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, smash the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        open_store(path)
    assert path.read_bytes() == bytes(data)


def test_the_same_record_twice_is_stored_once(tmp_path):
    db = open_store(tmp_path / "a.db")
    assert upsert_article(db, record(), NOW) == "new"
    assert upsert_article(db, record(), NOW) == "unchanged"
    assert db.execute("SELECT count(*), max(version) FROM articles").fetchone() == (1, 1)


def test_a_changed_body_is_a_new_version_waiting_for_analysis(tmp_path):
    db = open_store(tmp_path / "a.db")
    upsert_article(db, record(), NOW)
    (article,) = pending_articles(db)
    save_extraction(db, article.id, Extraction(str(article.id), True, 0.9), NOW)
    assert count_pending(db) == 0
    assert upsert_article(db, record(text="Updated: Tencent now allows links in group chats too.", published=None), NOW) == "updated"
    row = db.execute("SELECT version, analysed_at, published FROM articles").fetchone()
    assert row == (2, None, "2021-09-17")  # a known date is not replaced by none
    assert count_pending(db) == 1


def extraction(article_id):
    ents = (EntityRef("tencent", "Tencent", "company", country="CN"),
            EntityRef("wechat", "WeChat", "app", owner_id="tencent", country="CN"))
    mentions = (Mention("tencent", "Tencent", 0, 7), Mention("wechat", "WeChat", 44, 50))
    claims = (Claim("wechat", "WeChat", None, None, "links", "live", "Tencent began allowing external links.", 0, 38),)
    return Extraction(str(article_id), True, 0.93, ents, mentions, claims)


def test_extraction_is_written_and_replaced_atomically(tmp_path):
    db = open_store(tmp_path / "a.db")
    upsert_article(db, record(), NOW)
    save_extraction(db, 1, extraction(1), NOW)
    save_extraction(db, 1, extraction(1), NOW)  # analysing again replaces, never duplicates
    assert db.execute("SELECT count(*) FROM mentions").fetchone()[0] == 2
    assert db.execute("SELECT host, kind, status, observed_on FROM claims").fetchall() == [("WeChat", "links", "live", "2021-09-17")]
    bad = Extraction("1", True, 0.9, extraction(1).entities, extraction(1).mentions,
                     (Claim("wechat", "WeChat", None, None, "not-a-kind", "live", "x", 0, 1),))
    with pytest.raises(sqlite3.IntegrityError):
        save_extraction(db, 1, bad, NOW)
    # the failed write left the earlier analysis whole
    assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM mentions").fetchone()[0] == 2


def test_a_model_guess_never_overwrites_a_knowledge_base_entity(tmp_path):
    db = open_store(tmp_path / "a.db")
    upsert_article(db, record(), NOW)
    save_extraction(db, 1, extraction(1), NOW)
    guess = Extraction("1", True, 0.9, (EntityRef("tencent", "Tencent Inc", "app", source="model", confidence=0.4),))
    save_extraction(db, 1, guess, NOW)
    assert db.execute("SELECT name, type, origin FROM entities WHERE id = 'tencent'").fetchone() == ("Tencent", "company", "kb")


def test_analysis_errors_are_recorded_per_article(tmp_path):
    db = open_store(tmp_path / "a.db")
    upsert_article(db, record(), NOW)
    save_analysis_error(db, 1, "text is binary garbage", NOW)
    assert db.execute("SELECT analysis_error FROM articles").fetchone()[0] == "text is binary garbage"
    assert count_pending(db) == 0


def test_claim_history_shows_the_previous_status(tmp_path):
    db = open_store(tmp_path / "a.db")
    for n, (day, status) in enumerate([("2024-01-05", "planned"), ("2024-03-07", "live")], 1):
        upsert_article(db, record(url=f"https://news.example/{n}", text=f"text {n}", published=day), NOW)
        c = Claim("wechat", "WeChat", None, None, "links", status, "e", 0, 1)
        save_extraction(db, n, Extraction(str(n), True, 0.9, extraction(n).entities, (), (c,)), NOW)
    rows = db.execute("SELECT status, previous_status, observed_on FROM claim_history ORDER BY observed_on").fetchall()
    assert rows == [("planned", None, "2024-01-05"), ("live", "planned", "2024-03-07")]


def test_full_text_search_finds_an_article_and_follows_updates(tmp_path):
    db = open_store(tmp_path / "a.db")
    upsert_article(db, record(), NOW)
    upsert_article(db, record(url="https://news.example/b", text="Apple opens the NFC chip to rival wallets.", title="NFC"), NOW)
    assert [r["url"] for r in search_articles(db, "wechat")] == ["https://news.example/a"]
    upsert_article(db, record(text="Now about sideloading instead.", title="Sideloading"), NOW)
    assert search_articles(db, "wechat") == []
    assert [r["url"] for r in search_articles(db, "sideloading")] == ["https://news.example/a"]
