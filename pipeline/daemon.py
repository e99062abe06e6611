"""The daemon: the main job every `schedule.cycle_minutes`, the digest weekly (APScheduler 3.x).

    run_daemon(config, once=False, clock=utc_now) -> int   # exit status

- One daemon per database: DaemonLock on `<db>.daemon.lock` (LockHeld names the pid holding it;
  a killed daemon's lock goes with its process).
- At start: runs a dead process left 'running' become 'interrupted' (mark_interrupted).
- Jobs: `cycle` (crawl + ingest + analyse, then the digest check), an IntervalTrigger starting at
  once; `digest` (the digest check), a CronTrigger on digest_day at digest_time in the schedule's
  time zone, and once at start so a week missed while the daemon was down is sent (within
  schedule.digest_grace_hours; see pipeline.digest.deliver.digest_if_due). `max_instances=1`,
  `coalesce=True`, explicit `misfire_grace_time` for each.
- One SQLite writer: both jobs run on a single-thread executor and share one connection, so
  they never write at the same time.
- A failing cycle is logged, its open run rows are closed as failed, and it runs again at the
  next tick.
- SIGTERM / SIGINT: the stop Event is set; the running stage stops at its next safe point (the
  crawler subprocess is terminated, its frontier keeps the rest; analyse stops between articles;
  every store write is one transaction), the scheduler shuts down, the lock is released, exit 0.
- `once=True` (`interopwatch daemon --once`): one cycle, the digest check, exit.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from datetime import datetime, timedelta
from types import FrameType
from zoneinfo import ZoneInfo

import sqlite_utils
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from pipeline.clock import Clock, iso, utc_now
from pipeline.config import Config
from pipeline.digest.deliver import digest_if_due
from pipeline.errors import MailError
from pipeline.lock import DaemonLock
from pipeline.stages import run_cycle
from pipeline.stages.crawl import validate_sources
from pipeline.store import fail_running, mark_interrupted, open_store

log = logging.getLogger("interopwatch.daemon")
POLL_SECONDS = 0.2


class Daemon:
    def __init__(self, config: Config, clock: Clock = utc_now):
        self.config = config
        self.clock = clock
        self.tz = ZoneInfo(config.schedule.timezone)
        self.stop = threading.Event()
        self.db: sqlite_utils.Database | None = None
        self.nlp = None
        self.cycles = 0
        self.failed_cycles = 0
        self._scheduler: BackgroundScheduler | None = None

    # --- the jobs (always on the single executor thread, or the main thread with --once) ---

    def cycle_job(self) -> str:
        """One crawl + ingest + analyse, then the digest check. Never raises: a failure is logged."""
        if self.stop.is_set():
            return "stopped"
        self.cycles += 1
        log.info("cycle %d: starting", self.cycles)
        try:
            outcome = run_cycle(self.config, self.db, nlp=self._nlp(), clock=self.clock, stop=self.stop)
        except Exception as e:  # a failing cycle must not stop the daemon
            self.failed_cycles += 1
            closed = fail_running(self.db, iso(self.clock()), f"{type(e).__name__}: {e}")
            log.exception("cycle %d failed (%s); %d open run row(s) closed as failed; it runs again at the next tick",
                          self.cycles, e, closed)
            status = "failed"
        else:
            status = outcome.status
            new = outcome.crawl.ingest.new if outcome.crawl.ingest else 0
            analysed = outcome.analyse.analysed if outcome.analyse else 0
            claims = outcome.analyse.claims if outcome.analyse else 0
            log.info("cycle %d: %s; %d new article(s), %d analysed, %d claim(s)%s", self.cycles, status, new, analysed,
                     claims, "".join(f"; {e}" for e in outcome.crawl.errors[:5]))
        if not self.stop.is_set():
            self.digest_job()
        return status

    def digest_job(self) -> None:
        """Send the due digest if it has not gone out. Never raises: a failure is logged and recorded."""
        if self.stop.is_set():
            return
        try:
            delivery = digest_if_due(self.config, self.db, clock=self.clock, wait=self.stop.wait)
        except MailError as e:
            log.error("%s", e)
            return
        except Exception as e:
            log.exception("digest check failed: %s", e)
            return
        if delivery is not None:
            where = ", ".join(str(p) for p in delivery.paths[:1])
            log.info("digest %s: %s%s%s", delivery.week, delivery.action, f" ({where})" if where else "",
                     f"; {delivery.note}" if delivery.note else "")

    def _nlp(self):
        """The NLP pipeline, loaded once per daemon (the first cycle pays for it)."""
        if self.nlp is None:
            from pipeline.nlp_setup import build_nlp

            try:
                self.nlp = build_nlp(self.config)
            except Exception as e:
                log.error("cannot load the NLP pipeline (%s); the analyse stage will report it", e)
                return None
        return self.nlp

    # --- running --------------------------------------------------------------------------

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.stop.is_set():
            log.warning("%s again: still stopping (waiting for the running stage to reach a safe point)", name)
            return
        log.info("%s received: stopping after the running stage reaches a safe point", name)
        self.stop.set()

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def run(self, once: bool = False, install_signals: bool = True) -> int:
        lock = DaemonLock.for_database(self.config.db_path)
        lock.acquire(iso(self.clock()))
        try:
            if install_signals:
                self.install_signal_handlers()
            validate_sources(self.config.sources_path)  # a broken sources file stops the start, with its reason
            self.db = open_store(self.config.db_path)
            interrupted = mark_interrupted(self.db, iso(self.clock()))
            if interrupted:
                log.warning("%d run(s) left unfinished by a stopped process marked interrupted", interrupted)
            if once:
                status = self.cycle_job()
                return 1 if status == "failed" else 0
            return self._run_scheduled()
        finally:
            if self.db is not None:
                self.db.conn.close()
            lock.release()
            log.info("daemon stopped; lock released")

    def _run_scheduled(self) -> int:
        s = self.config.schedule
        # APScheduler narrates every job at INFO; our listener says what matters (next runs, misses).
        aps = logging.getLogger("apscheduler")
        if aps.getEffectiveLevel() < logging.WARNING and not log.isEnabledFor(logging.DEBUG):
            aps.setLevel(logging.ERROR)
        hour, minute = (int(p) for p in s.digest_time.split(":"))
        scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max_workers=1)},  # one SQLite writer
            job_defaults={"coalesce": True, "max_instances": 1},
            timezone=self.tz,
        )
        start = datetime.now(self.tz)
        scheduler.add_job(self.digest_job, CronTrigger(day_of_week=s.digest_day, hour=hour, minute=minute, timezone=self.tz),
                          id="digest", name="weekly digest", misfire_grace_time=int(s.digest_grace_hours * 3600) or 1,
                          next_run_time=start)  # the catch-up check at start, then weekly
        scheduler.add_job(self.cycle_job, IntervalTrigger(seconds=s.cycle_minutes * 60, timezone=self.tz),
                          id="cycle", name="cycle", misfire_grace_time=s.misfire_grace_seconds or 1,
                          next_run_time=start + timedelta(milliseconds=10))
        scheduler.add_listener(self._after_job, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED
                               | EVENT_JOB_MAX_INSTANCES)
        self._scheduler = scheduler
        scheduler.start()
        log.info("daemon started (pid %d, lock %s): a cycle every %g minute(s); the digest %s %s %s, next on %s",
                 os.getpid(), DaemonLock.for_database(self.config.db_path).path, s.cycle_minutes, s.digest_day,
                 s.digest_time, s.timezone, self._next_digest_text())
        while not self.stop.wait(POLL_SECONDS):
            pass
        log.info("stopping the scheduler")
        scheduler.shutdown(wait=True)
        return 0

    def _next_digest_text(self) -> str:
        job = self._scheduler.get_job("digest") if self._scheduler else None
        when = job.trigger.get_next_fire_time(None, datetime.now(self.tz)) if job else None
        return when.isoformat(timespec="minutes") if when else "?"

    def _after_job(self, event: JobEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("job %s missed its run at %s (the previous one ran late); coalesced into the next",
                        event.job_id, event.scheduled_run_time)
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            log.warning("job %s still running at its next tick; that tick is skipped", event.job_id)
        elif event.code == EVENT_JOB_ERROR:
            log.error("job %s raised %s", event.job_id, event.exception)
        if self._scheduler is None or self.stop.is_set():
            return
        parts = []
        for job_id in ("cycle", "digest"):
            job = self._scheduler.get_job(job_id)
            if job is not None and job.next_run_time is not None:
                parts.append(f"next {job_id} at {job.next_run_time.isoformat(timespec='seconds')}")
        if parts:
            log.info("; ".join(parts))


def run_daemon(config: Config, once: bool = False, clock: Clock = utc_now, install_signals: bool = True) -> int:
    """Run the daemon until SIGTERM/SIGINT (or one cycle with `once`); return the exit status."""
    return Daemon(config, clock).run(once=once, install_signals=install_signals)
