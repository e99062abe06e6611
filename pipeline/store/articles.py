"""Articles: upsert from the spool, pick the ones waiting for analysis, full-text search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import sqlite_utils

from pipeline.store.connection import transaction

ARTICLE_FIELDS = ("url", "source", "title", "author", "published", "language", "text", "content_hash",
                  "fetched_at", "etag", "last_modified")


@dataclass(frozen=True)
class PendingArticle:
    id: int
    title: str
    text: str
    language: str | None


def upsert_article(db: sqlite_utils.Database, record: dict, now: str) -> str:
    """Store one spooled article, keyed on its canonical URL. Returns 'new', 'updated' or 'unchanged'.

    The same content again changes nothing but the fetch metadata; a new content hash is a new
    version, marked for analysis again. A known publication date is never replaced by none.
    """
    row = {k: record.get(k) for k in ARTICLE_FIELDS}
    with transaction(db):
        old = db.execute("SELECT id, content_hash, published FROM articles WHERE url = ?", [row["url"]]).fetchone()
        if old is None:
            columns = ", ".join(ARTICLE_FIELDS)
            marks = ", ".join("?" for _ in ARTICLE_FIELDS)
            db.execute(f"INSERT INTO articles ({columns}, version, first_seen_at) VALUES ({marks}, 1, ?)",
                       [row[k] for k in ARTICLE_FIELDS] + [now])
            return "new"
        article_id, old_hash, old_published = old
        if old_hash == row["content_hash"]:
            db.execute("UPDATE articles SET fetched_at = max(coalesce(fetched_at, ''), ?), "
                       "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
                       "published = coalesce(published, ?) WHERE id = ?",
                       [row["fetched_at"], row["etag"], row["last_modified"], row["published"], article_id])
            return "unchanged"
        row["published"] = row["published"] or old_published
        sets = ", ".join(f"{k} = ?" for k in ARTICLE_FIELDS if k != "url")
        db.execute(f"UPDATE articles SET {sets}, version = version + 1, analysed_at = NULL, relevant = NULL, "
                   f"relevance_score = NULL, analysis_error = NULL WHERE id = ?",
                   [row[k] for k in ARTICLE_FIELDS if k != "url"] + [article_id])
        return "updated"


def pending_articles(db: sqlite_utils.Database, limit: int | None = None, after_id: int = 0) -> Iterator[PendingArticle]:
    """Articles not yet analysed, oldest first, read in pages so the whole set is never in memory."""
    page = 200
    remaining = limit
    while remaining is None or remaining > 0:
        size = page if remaining is None else min(page, remaining)
        rows = db.execute("SELECT id, coalesce(title, ''), text, language FROM articles "
                          "WHERE analysed_at IS NULL AND id > ? ORDER BY id LIMIT ?", [after_id, size]).fetchall()
        if not rows:
            return
        for row in rows:
            yield PendingArticle(*row)
        after_id = rows[-1][0]
        if remaining is not None:
            remaining -= len(rows)


def count_pending(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM articles WHERE analysed_at IS NULL").fetchone()[0]


def search_articles(db: sqlite_utils.Database, terms: str, limit: int = 20) -> list[dict]:
    """Full-text search over titles and text, best match first."""
    rows = db.execute(
        "SELECT a.id, a.url, a.title, a.published FROM articles_fts f JOIN articles a ON a.id = f.rowid "
        "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", [terms, limit]).fetchall()
    return [dict(zip(("id", "url", "title", "published"), r)) for r in rows]
