"""Writing what the NLP found for one article: entities, mentions and claims, in one transaction."""

from __future__ import annotations

import sqlite_utils

from nlp.records import Extraction
from pipeline.store.connection import transaction


def save_extraction(db: sqlite_utils.Database, article_id: int, extraction: Extraction, now: str) -> None:
    """Replace the article's mentions and claims with `extraction`'s, atomically."""
    with transaction(db):
        row = db.execute("SELECT substr(coalesce(published, fetched_at, first_seen_at), 1, 10) FROM articles WHERE id = ?",
                         [article_id]).fetchone()
        if row is None:
            raise KeyError(f"no article {article_id}")
        observed_on = row[0]
        db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
        db.execute("DELETE FROM claims WHERE article_id = ?", [article_id])
        for ent in extraction.entities:
            # A knowledge-base entity's row is authoritative; a model guess never overwrites it.
            db.execute(
                "INSERT INTO entities (id, name, type, owner_id, country, origin, confidence) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type, owner_id = excluded.owner_id, "
                "country = excluded.country, origin = excluded.origin, confidence = excluded.confidence "
                "WHERE excluded.origin = 'kb' OR entities.origin <> 'kb'",
                [ent.id, ent.name, ent.type, ent.owner_id, ent.country, ent.source, ent.confidence])
        known = {e.id for e in extraction.entities}
        db.conn.executemany('INSERT INTO mentions (article_id, entity_id, surface, start, "end") VALUES (?, ?, ?, ?, ?)',
                       [(article_id, m.entity_id, m.surface, m.start, m.end) for m in extraction.mentions if m.entity_id in known])
        db.conn.executemany(
            'INSERT INTO claims (article_id, host_id, host, guest_id, guest, kind, status, evidence, start, "end", '
            "confidence, observed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, c.host_id if c.host_id in known else None, c.host, c.guest_id if c.guest_id in known else None,
              c.guest, c.kind, c.status, c.evidence, c.start, c.end, c.confidence, observed_on) for c in extraction.claims])
        db.execute("UPDATE articles SET relevant = ?, relevance_score = ?, analysed_at = ?, analysis_error = NULL WHERE id = ?",
                   [int(extraction.relevant), extraction.relevance_score, now, article_id])


def save_analysis_error(db: sqlite_utils.Database, article_id: int, error: str, now: str) -> None:
    """Record that the article could not be analysed; it is not retried until its text changes."""
    with transaction(db):
        db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
        db.execute("DELETE FROM claims WHERE article_id = ?", [article_id])
        db.execute("UPDATE articles SET analysed_at = ?, analysis_error = ?, relevant = NULL, relevance_score = NULL "
                   "WHERE id = ?", [now, error, article_id])
