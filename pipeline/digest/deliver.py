"""The digest job: store -> Digest -> email -> SMTP or files, recorded in `digests` and `runs`.

    make_digest(config, db, week, now) -> Digest
    deliver_digest(config, db, week, now=..., force=False, dry_run=False, to=None, wait=...) -> Delivery
    digest_if_due(config, db, clock, wait) -> Delivery | None       # the daemon's weekly check

Delivery is by SMTP when digest.smtp_host is set, otherwise to files (`.eml` + `.html` under
config.digest_dir, state 'written'); both are once per week (see send.py for the protocol). A dry
run writes `*.dry-run.*` files and leaves the `digests` table alone.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlite_utils

from pipeline.clock import Clock, iso, utc_now
from pipeline.config import Config
from pipeline.digest.build import Digest, WeekRows, build_digest
from pipeline.digest.files import write_digest_files
from pipeline.digest.message import build_message, message_bytes, new_message_id, new_token
from pipeline.digest.render import render_html, render_text
from pipeline.digest.send import SmtpSettings, Wait, send_with_retries, sleep_wait
from pipeline.digest.week import Week, current_week, due_digest, weeks_ending
from pipeline.processes import process_alive
from pipeline.errors import DigestError, MailError
from pipeline.store import (
    DigestRecord, articles_per_source, claims_by_day_and_status, claims_of_articles, finish_run, get_digest,
    late_arrivals, mark_skipped, mark_written, mention_counts, release_digest, start_run, take_digest, week_claims,
    week_status_changes,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """What happened to a week's digest. `action`: sent | written | dry-run | already | unconfirmed |
    skipped | busy | pending (stopped while waiting to retry)."""

    week: str
    action: str
    record: DigestRecord | None = None
    paths: tuple[Path, ...] = ()
    digest: Digest | None = None
    attempts: int = 0
    note: str | None = None


def collect_rows(db: sqlite_utils.Database, week: Week, tz: ZoneInfo, chart: tuple[Week, ...]) -> WeekRows:
    first, last = week.monday.isoformat(), week.sunday.isoformat()
    start, end = week.bounds(tz)
    late = late_arrivals(db, first, iso(start), iso(end))
    before = week.previous
    return WeekRows(
        claims=tuple(week_claims(db, first, last)),
        status_changes=tuple(week_status_changes(db, first, last)),
        mentions=tuple(mention_counts(db, first, last)),
        previous_mentions=tuple(mention_counts(db, before.monday.isoformat(), before.sunday.isoformat())),
        sources=tuple(articles_per_source(db, first, last)),
        late_arrivals=tuple(late),
        late_claims=tuple(claims_of_articles(db, [r["id"] for r in late])),
        claims_by_day=tuple(claims_by_day_and_status(db, chart[0].monday.isoformat(), last)),
    )


def make_digest(config: Config, db: sqlite_utils.Database, week: Week, now: datetime) -> Digest:
    tz = ZoneInfo(config.schedule.timezone)
    chart = weeks_ending(week, config.digest.chart_weeks)
    return build_digest(collect_rows(db, week, tz, chart), week, iso(now), config.digest.top_entities, chart)


def _render(digest: Digest, sender: str, recipients: tuple[str, ...], message_id: str, now: datetime) -> tuple[bytes, str]:
    html = render_html(digest)
    message = build_message(digest, html, render_text(digest), sender, recipients, message_id, now)
    return message_bytes(message), html


def deliver_digest(config: Config, db: sqlite_utils.Database, week: Week, *, clock: Clock = utc_now,
                   force: bool = False, dry_run: bool = False, to: tuple[str, ...] | None = None,
                   wait: Wait = sleep_wait) -> Delivery:
    """Build and deliver one week's digest, at most once unless `force`. Records a 'digest' run."""
    now = clock()
    tz = ZoneInfo(config.schedule.timezone)
    if week > current_week(now, tz):
        raise DigestError(f"week {week} has not started yet (it is {current_week(now, tz)} in {config.schedule.timezone})")
    recipients = tuple(to) if to else tuple(config.digest.recipients)
    to_files = dry_run or not config.digest.smtp_host
    if not to_files and not recipients:
        raise DigestError("no recipients: set digest.recipients (e.g. -s 'digest.recipients=[\"you@example.org\"]') "
                          "or pass --to ADDR; or --dry-run to write the digest to a file")
    if not to_files and config.digest.smtp_user and not config.smtp_password:
        raise DigestError(f"digest.smtp_user is {config.digest.smtp_user!r} but INTEROPWATCH_SMTP_PASSWORD is not set; "
                          f"set it in the environment (it is never read from a file)")
    run_id = start_run(db, "digest", iso(now))
    try:
        outcome = _deliver(config, db, week, now, clock, force, dry_run, to_files, recipients, wait)
    except MailError as e:
        finish_run(db, run_id, "failed", iso(clock()), {"week": str(week)}, [str(e)])
        raise
    except BaseException as e:
        finish_run(db, run_id, "failed", iso(clock()), {"week": str(week)}, [f"{type(e).__name__}: {e}"])
        raise
    counts = {"week": str(week), "action": outcome.action, "attempts": outcome.attempts}
    if outcome.digest is not None:
        counts.update(claims=outcome.digest.claim_count, status_changes=len(outcome.digest.status_changes),
                      articles=outcome.digest.article_count, late_arrivals=len(outcome.digest.late_arrivals))
    status = {"unconfirmed": "partial", "pending": "interrupted", "busy": "partial"}.get(outcome.action, "ok")
    finish_run(db, run_id, status, iso(clock()), counts, [outcome.note] if outcome.note and status != "ok" else [])
    return outcome


def _deliver(config: Config, db: sqlite_utils.Database, week: Week, now: datetime, clock: Clock, force: bool,
             dry_run: bool, to_files: bool, recipients: tuple[str, ...], wait: Wait) -> Delivery:
    sender = config.digest.sender
    if dry_run:
        existing = get_digest(db, str(week))
        message_id = existing.message_id if existing else new_message_id(week, sender, "dry-run")
        digest = make_digest(config, db, week, now)
        eml, html = _render(digest, sender, recipients, message_id, now)
        paths = write_digest_files(config.digest_dir, str(week), eml, html, dry_run=True)
        return Delivery(str(week), "dry-run", existing, paths, digest)

    pid = os.getpid()
    taken = take_digest(db, str(week), pid, iso(now), new_message_id(week, sender, new_token()), recipients,
                        force=force, alive=process_alive)
    if taken.action == "done":
        return Delivery(str(week), "already", taken.record)
    if taken.action == "busy":
        return Delivery(str(week), "busy", taken.record,
                        note=f"digest {week} is being sent right now by process {taken.record.pid}")
    if taken.action == "unconfirmed":
        log.warning("digest %s: %s", week, taken.record.last_error)
        return Delivery(str(week), "unconfirmed", taken.record, note=taken.record.last_error)

    # The row is ours (state 'sending'): give it back on any failure that is not a crash.
    try:
        digest = make_digest(config, db, week, now)
        if digest.empty and not config.digest.send_empty:
            record = mark_skipped(db, str(week), pid, iso(clock()), "nothing moved, and digest.send_empty is off")
            return Delivery(str(week), "skipped", record, digest=digest)
        eml, html = _render(digest, sender, recipients, taken.record.message_id, now)
        if to_files:
            eml_path, html_path = write_digest_files(config.digest_dir, str(week), eml, html)
            record = mark_written(db, str(week), pid, iso(clock()), str(eml_path))
            return Delivery(str(week), "written", record, (eml_path, html_path), digest)
        result = send_with_retries(db, str(week), pid, eml, recipients, SmtpSettings.from_config(config),
                                   config.digest.retries, config.digest.retry_backoff_seconds, clock, wait)
    except MailError:
        raise  # send_with_retries has recorded it
    except BaseException as e:
        current = get_digest(db, str(week))
        if current is not None and current.state == "sending" and current.pid == pid and current.phase != "data":
            release_digest(db, str(week), pid, iso(clock()), "pending", f"{type(e).__name__}: {e}")
        raise
    record = get_digest(db, str(week))
    action = {"sent": "sent", "unconfirmed": "unconfirmed", "pending": "pending"}[result.state]
    return Delivery(str(week), action, record, digest=digest, attempts=result.attempts, note=result.error)


def digest_if_due(config: Config, db: sqlite_utils.Database, clock: Clock = utc_now,
                  wait: Wait = sleep_wait) -> Delivery | None:
    """Deliver the digest whose moment has passed (within schedule.digest_grace_hours) if it is not
    delivered yet: on schedule, after a restart that missed it, or after a failed attempt."""
    s = config.schedule
    now = clock()
    due = due_digest(now, s.digest_day, s.digest_time, ZoneInfo(s.timezone), s.digest_grace_hours)
    if due is None:
        return None
    week, moment = due
    record = get_digest(db, str(week))
    if record is not None and (record.final or (record.state == "sending" and process_alive(record.pid)
                                                and record.pid != os.getpid())):
        return None
    log.info("digest %s is due (scheduled %s)%s", week, iso(moment),
             f"; state {record.state}, {record.attempts} attempt(s) so far" if record else "")
    return deliver_digest(config, db, week, clock=clock, wait=wait)
