"""All digest SQL: what a week holds, and the `digests` table's state machine.

What a week holds (rows as dicts, the SQL boundary; `pipeline.digest.build` turns them into records).
An article belongs to the day it was published, else the day it was fetched, else the day it was
first stored: `claims.observed_on` is that day, and `article_day` below is the same expression.

    week_claims(db, first_day, last_day)
    week_status_changes(db, first_day, last_day)     # from the claim_history view
    mention_counts(db, first_day, last_day)          # companies and apps
    articles_per_source(db, first_day, last_day)
    late_arrivals(db, first_day, start_utc, end_utc) # first stored that week, published before it
    claims_of_articles(db, article_ids)
    claims_by_day_and_status(db, first_day, last_day)

The state machine, one row per ISO week (see pipeline/digest/send.py for what a restart does):

    take_digest(db, week, pid, now, fresh_message_id, recipients, force, alive) -> Taken
        pending | failed | sending by a dead process before the body went out
                                   -> sending (ours), same Message-ID
        sending by a dead process after the body went out (phase 'data')
                                   -> unconfirmed, not sent again
        sending by a live process  -> busy
        sent | written | unconfirmed | skipped -> done (with force: sending, a new Message-ID)
    begin_attempt / set_phase / note_attempt_error
    mark_sent | mark_written | mark_skipped | mark_unconfirmed | release_digest (-> pending | failed)

Every change is one transaction; the ones after take_digest only apply while this process owns
the row (state 'sending' with its pid), so two processes never both send a week.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable

import sqlite_utils

from pipeline.errors import DigestError
from pipeline.store.connection import transaction

ARTICLE_DAY = "substr(coalesce(a.published, a.fetched_at, a.first_seen_at), 1, 10)"
FINAL_STATES = ("sent", "written", "unconfirmed", "skipped")
DIGEST_COLUMNS = ("week", "created_at", "state", "phase", "phase_at", "pid", "sent_at", "recipients", "message_id",
                  "attempts", "last_error", "path", "forced")


def _rows(db: sqlite_utils.Database, sql: str, params: Iterable = ()) -> list[dict]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# --- what a week holds ------------------------------------------------------------------------

def week_claims(db: sqlite_utils.Database, first_day: str, last_day: str) -> list[dict]:
    """Claims whose article belongs to the days [first_day, last_day] (ISO dates)."""
    return _rows(db, """
        SELECT c.id, c.host, c.host_id, c.guest, c.guest_id, c.kind, c.status, c.evidence, c.confidence,
               c.observed_on, a.id AS article_id, a.url, a.title, a.source, a.published
        FROM claims c JOIN articles a ON a.id = c.article_id
        WHERE c.observed_on BETWEEN ? AND ?
        ORDER BY c.observed_on, c.id""", [first_day, last_day])


def week_status_changes(db: sqlite_utils.Database, first_day: str, last_day: str) -> list[dict]:
    """Claims observed in the days whose status differs from the one observed before it."""
    return _rows(db, """
        SELECT claim_id, host, guest, kind, previous_status, status, observed_on, article_id, url, title, evidence
        FROM claim_history
        WHERE observed_on BETWEEN ? AND ? AND previous_status IS NOT NULL AND previous_status <> status
        ORDER BY observed_on, claim_id""", [first_day, last_day])


def mention_counts(db: sqlite_utils.Database, first_day: str, last_day: str) -> list[dict]:
    """Per company or app: mentions and articles in the days, most mentioned first."""
    return _rows(db, f"""
        SELECT e.id, e.name, e.type, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
        FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN articles a ON a.id = m.article_id
        WHERE e.type IN ('company', 'app') AND {ARTICLE_DAY} BETWEEN ? AND ?
        GROUP BY e.id ORDER BY mentions DESC, articles DESC, e.name""", [first_day, last_day])


def articles_per_source(db: sqlite_utils.Database, first_day: str, last_day: str) -> list[dict]:
    """Per source: articles belonging to the days, and how many of them are relevant."""
    return _rows(db, f"""
        SELECT coalesce(a.source, '') AS source, count(*) AS articles, coalesce(sum(a.relevant = 1), 0) AS relevant
        FROM articles a WHERE {ARTICLE_DAY} BETWEEN ? AND ?
        GROUP BY 1 ORDER BY articles DESC, source""", [first_day, last_day])


def late_arrivals(db: sqlite_utils.Database, first_day: str, start_utc: str, end_utc: str) -> list[dict]:
    """Articles first stored in [start_utc, end_utc) that belong to a day before `first_day`."""
    return _rows(db, f"""
        SELECT a.id, a.url, a.title, coalesce(a.source, '') AS source, a.published, a.first_seen_at,
               {ARTICLE_DAY} AS day, a.relevant
        FROM articles a
        WHERE a.first_seen_at >= ? AND a.first_seen_at < ? AND {ARTICLE_DAY} < ?
        ORDER BY day DESC, a.id""", [start_utc, end_utc, first_day])


def claims_of_articles(db: sqlite_utils.Database, article_ids: Iterable[int]) -> list[dict]:
    ids = sorted(set(article_ids))
    found: list[dict] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        found += _rows(db, f"""
            SELECT c.id, c.article_id, c.host, c.guest, c.kind, c.status, c.evidence, c.observed_on
            FROM claims c WHERE c.article_id IN ({marks}) ORDER BY c.article_id, c.start, c.id""", chunk)
    return found


def claims_by_day_and_status(db: sqlite_utils.Database, first_day: str, last_day: str) -> list[dict]:
    return _rows(db, """
        SELECT observed_on AS day, status, count(*) AS claims FROM claims
        WHERE observed_on BETWEEN ? AND ? GROUP BY observed_on, status ORDER BY observed_on, status""",
                 [first_day, last_day])


# --- the digests table ------------------------------------------------------------------------

@dataclass(frozen=True)
class DigestRecord:
    week: str
    created_at: str
    state: str
    phase: str | None
    phase_at: str | None
    pid: int | None
    sent_at: str | None
    recipients: tuple[str, ...]
    message_id: str
    attempts: int
    last_error: str | None
    path: str | None
    forced: int

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES


@dataclass(frozen=True)
class Taken:
    """What take_digest decided: 'send' (the row is ours, state 'sending'), 'done', 'busy', 'unconfirmed'."""

    action: str
    record: DigestRecord


def _record(row: tuple) -> DigestRecord:
    values = dict(zip(DIGEST_COLUMNS, row))
    values["recipients"] = tuple(json.loads(values["recipients"] or "[]"))
    return DigestRecord(**values)


def get_digest(db: sqlite_utils.Database, week: str) -> DigestRecord | None:
    row = db.execute(f"SELECT {', '.join(DIGEST_COLUMNS)} FROM digests WHERE week = ?", [week]).fetchone()
    return _record(row) if row else None


def list_digests(db: sqlite_utils.Database) -> list[DigestRecord]:
    return [_record(r) for r in db.execute(f"SELECT {', '.join(DIGEST_COLUMNS)} FROM digests ORDER BY week").fetchall()]


def take_digest(db: sqlite_utils.Database, week: str, pid: int, now: str, fresh_message_id: str,
                recipients: Iterable[str], *, force: bool, alive: Callable[[int | None], bool]) -> Taken:
    """Decide, in one transaction, whether this process sends `week` now (see the module docstring)."""
    recipients_json = json.dumps(list(recipients))
    with transaction(db):
        current = get_digest(db, week)
        if current is None:
            db.execute("INSERT INTO digests (week, created_at, state, phase, phase_at, pid, recipients, message_id) "
                       "VALUES (?, ?, 'sending', 'built', ?, ?, ?, ?)",
                       [week, now, now, pid, recipients_json, fresh_message_id])
            return Taken("send", get_digest(db, week))
        if current.state == "sending" and current.pid != pid and alive(current.pid):
            return Taken("busy", current)
        if current.state == "sending" and current.phase == "data" and not force:
            db.execute("UPDATE digests SET state = 'unconfirmed', pid = NULL, last_error = ? WHERE week = ?",
                       [_unconfirmed_note(current), week])
            return Taken("unconfirmed", get_digest(db, week))
        if current.final and not force:
            return Taken("done", current)
        resend = force and (current.final or current.phase == "data")
        db.execute("UPDATE digests SET state = 'sending', phase = 'built', phase_at = ?, pid = ?, recipients = ?, "
                   "message_id = ?, forced = forced + ?, sent_at = CASE WHEN ? THEN NULL ELSE sent_at END, "
                   "attempts = CASE WHEN ? THEN 0 ELSE attempts END WHERE week = ?",
                   [now, pid, recipients_json, fresh_message_id if resend else current.message_id, int(resend),
                    int(resend), int(resend), week])
        return Taken("send", get_digest(db, week))


def _unconfirmed_note(record: DigestRecord) -> str:
    return (f"delivery unconfirmed: process {record.pid} stopped after it began transmitting the message "
            f"(at {record.phase_at}) and before it recorded the server's answer; the server may have accepted it, "
            f"so it is not sent again automatically (interopwatch digest --week {record.week} --force sends it again)")


def _owned_update(db: sqlite_utils.Database, week: str, pid: int, sets: str, params: list) -> DigestRecord:
    with transaction(db):
        cursor = db.execute(f"UPDATE digests SET {sets} WHERE week = ? AND pid = ? AND state = 'sending'",
                            params + [week, pid])
        if cursor.rowcount != 1:
            raise DigestError(f"digest {week}: this process (pid {pid}) no longer owns the digests row; "
                              f"another process took it over")
        return get_digest(db, week)


def begin_attempt(db: sqlite_utils.Database, week: str, pid: int, now: str) -> DigestRecord:
    """One more SMTP attempt starts (connect, TLS, login): nothing has been transmitted yet."""
    return _owned_update(db, week, pid, "phase = 'built', phase_at = ?, attempts = attempts + 1", [now])


def set_phase(db: sqlite_utils.Database, week: str, pid: int, phase: str, now: str) -> DigestRecord:
    return _owned_update(db, week, pid, "phase = ?, phase_at = ?", [phase, now])


def note_attempt_error(db: sqlite_utils.Database, week: str, pid: int, error: str, now: str) -> DigestRecord:
    """An attempt failed before the server could have accepted the message; the row stays ours."""
    return _owned_update(db, week, pid, "phase = 'built', phase_at = ?, last_error = ?", [now, error])


def mark_sent(db: sqlite_utils.Database, week: str, pid: int, now: str, recipients: Iterable[str],
              note: str | None = None) -> DigestRecord:
    return _owned_update(db, week, pid, "state = 'sent', phase = 'accepted', phase_at = ?, sent_at = ?, pid = NULL, "
                         "recipients = ?, last_error = ?", [now, now, json.dumps(list(recipients)), note])


def mark_written(db: sqlite_utils.Database, week: str, pid: int, now: str, path: str) -> DigestRecord:
    return _owned_update(db, week, pid, "state = 'written', phase = NULL, phase_at = ?, sent_at = ?, pid = NULL, "
                         "path = ?, last_error = NULL", [now, now, path])


def mark_skipped(db: sqlite_utils.Database, week: str, pid: int, now: str, reason: str) -> DigestRecord:
    return _owned_update(db, week, pid, "state = 'skipped', phase = NULL, phase_at = ?, pid = NULL, last_error = ?",
                         [now, reason])


def mark_unconfirmed(db: sqlite_utils.Database, week: str, pid: int, now: str, error: str) -> DigestRecord:
    return _owned_update(db, week, pid, "state = 'unconfirmed', phase_at = ?, pid = NULL, last_error = ?",
                         [now, error])


def release_digest(db: sqlite_utils.Database, week: str, pid: int, now: str, state: str,
                   error: str | None) -> DigestRecord:
    """Give the row up without sending: 'pending' (try again later) or 'failed' (retries used up)."""
    if state not in ("pending", "failed"):
        raise ValueError(f"release_digest: state must be pending or failed, not {state!r}")
    return _owned_update(db, week, pid, "state = ?, phase = 'built', phase_at = ?, pid = NULL, "
                         "last_error = coalesce(?, last_error)", [state, now, error])
