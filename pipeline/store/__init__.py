"""The SQLite store: the only place SQL lives.

    db = open_store(path)          # migrated, WAL, foreign keys on
    upsert_article(db, record, now) -> "new" | "updated" | "unchanged"
    save_extraction(db, article_id, extraction, now)
    run_readonly_query(path, sql, timeout)
"""

from pipeline.store.analysis import save_analysis_error, save_extraction
from pipeline.store.articles import PendingArticle, count_pending, pending_articles, search_articles, upsert_article
from pipeline.store.digests import (
    DigestRecord, Taken, articles_per_source, begin_attempt, claims_by_day_and_status, claims_of_articles, get_digest,
    late_arrivals, list_digests, mark_sent, mark_skipped, mark_unconfirmed, mark_written, mention_counts,
    note_attempt_error, release_digest, set_phase, take_digest, week_claims, week_status_changes)
from pipeline.store.connection import check_database_file, migrate, open_store, schema_version_of, transaction
from pipeline.store.migrations import MIGRATIONS, SCHEMA_VERSION
from pipeline.store.readonly import QueryResult, run_readonly_query
from pipeline.store.runs import fail_running, finish_run, last_runs, mark_interrupted, record_run, start_run, table_counts

__all__ = [
    "DigestRecord", "Taken", "articles_per_source", "begin_attempt", "claims_by_day_and_status", "claims_of_articles",
    "get_digest", "late_arrivals", "list_digests", "mark_sent", "mark_skipped", "mark_unconfirmed", "mark_written",
    "mention_counts", "note_attempt_error", "release_digest", "set_phase", "take_digest", "week_claims",
    "week_status_changes", "fail_running",
    "MIGRATIONS", "SCHEMA_VERSION", "PendingArticle", "QueryResult", "check_database_file", "count_pending",
    "finish_run", "last_runs", "mark_interrupted", "migrate", "open_store", "pending_articles", "record_run",
    "run_readonly_query", "save_analysis_error", "save_extraction", "schema_version_of", "search_articles",
    "start_run", "table_counts", "transaction", "upsert_article",
]
