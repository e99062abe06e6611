"""Crawl: run the Scrapy crawler as a subprocess (a Twisted reactor cannot be restarted inside a
long-lived process), record each source's result in `runs`, then ingest what it spooled."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from crawler.options import CrawlOptions
from pipeline.clock import Clock, iso, utc_now
from pipeline.config import Config
from pipeline.errors import StageError
from pipeline.stages.ingest import IngestOutcome, ingest_spool
from pipeline.store import finish_run, record_run, start_run

log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 20  # after SIGTERM, the crawler may finish requests in flight this long
EXIT_BAD_SOURCES = 2


@dataclass(frozen=True)
class CrawlOutcome:
    status: str  # ok | partial | failed | interrupted
    sources: tuple[dict, ...] = ()  # the crawler's per-source summaries
    totals: dict = field(default_factory=dict)
    ingest: IngestOutcome | None = None
    errors: tuple[str, ...] = ()


def crawl_options(config: Config, run_stamp: str, only_source: str | None = None,
                  sources_file: Path | None = None) -> CrawlOptions:
    data = config.data_dir
    c = config.crawler
    return CrawlOptions(
        sources_file=Path(sources_file) if sources_file else config.sources_path,
        spool_dir=data / "spool", frontier_path=data / "frontier.db",
        summary_path=data / "crawl-summaries" / f"{run_stamp}.json", only_source=only_source,
        user_agent=c.user_agent, max_page_bytes=c.max_page_bytes, download_timeout=c.download_timeout,
        concurrency_per_domain=c.concurrency_per_domain, autothrottle=c.autothrottle, retry_times=c.retry_times,
        download_delay=c.download_delay,
        max_depth=c.max_depth, default_max_pages=c.default_max_pages, log_level=config.log.level.upper(),
        max_age_days=c.max_age_days or None, parse_workers=c.parse_workers,
        max_crawl_delay=c.max_crawl_delay, parent_pid=os.getpid(),
    )


def validate_sources(path: Path, only_source: str | None = None) -> None:
    """Raise SourcesError (from the crawler) if the sources file or the named source is bad."""
    from crawler.errors import SourcesError
    from crawler.sources import load_sources

    sources = load_sources(path)
    if only_source and only_source not in {s.name for s in sources}:
        names = ", ".join(s.name for s in sources)
        raise SourcesError(f"no source named {only_source!r} in {path}; sources there: {names}")


def crawl_sources(config: Config, db: sqlite_utils.Database, only_source: str | None = None,
                  sources_file: Path | None = None, clock: Clock = utc_now,
                  stop: threading.Event | None = None) -> CrawlOutcome:
    """Crawl (all sources or one), then ingest. A failing source is reported; the others go on."""
    options = crawl_options(config, clock().strftime("%Y%m%dT%H%M%S%fZ"), only_source, sources_file)
    validate_sources(options.sources_file, only_source)
    for folder in (options.spool_dir, options.summary_path.parent):
        folder.mkdir(parents=True, exist_ok=True)
    started = iso(clock())
    run_id = start_run(db, "crawl", started, source=only_source)
    returncode, interrupted, stderr_tail = _run_crawler(options, config.crawler.timeout_minutes * 60, stop)
    summary = _read_summary(options.summary_path)
    finished = iso(clock())
    errors: list[str] = []
    sources = tuple(summary.get("sources", ()))
    for src in sources:
        ok = src.get("status") == "ok"
        if not ok:
            errors.append(f"source {src.get('name')}: {src.get('reason') or 'failed'}")
        record_run(db, "crawl-source", "ok" if ok else "failed", started, finished,
                   counts={k: v for k, v in src.items() if k not in ("name", "status", "reason", "errors")},
                   errors=[src["reason"]] if src.get("reason") else list(src.get("errors") or [])[:20],
                   source=src.get("name"))
    if returncode not in (0, None) and not interrupted:
        errors.append(f"crawler exited with status {returncode}: {stderr_tail}")
    if interrupted:
        status = "interrupted"
    elif returncode != 0:
        status = "failed"
    elif errors:
        status = "partial"
    else:
        status = "ok"
    ingest = ingest_spool(db, options.spool_dir, clock)
    totals = dict(summary.get("totals", {}))
    finish_run(db, run_id, status, iso(clock()), {**totals, "ingested_new": ingest.new, "ingested_updated": ingest.updated},
               errors)
    for line in errors:
        log.warning("crawl: %s", line)
    if returncode == EXIT_BAD_SOURCES and not sources:
        raise StageError(f"the crawler refused to start: {stderr_tail}")
    return CrawlOutcome(status, sources, totals, ingest, tuple(errors))


def _run_crawler(options: CrawlOptions, timeout: float, stop: threading.Event | None) -> tuple[int | None, bool, str]:
    """Run `python -m crawler.run`; returns (exit code, interrupted?, last lines of stderr)."""
    cmd = [sys.executable, "-m", "crawler.run", "--options-json", options.to_json()]
    log.info("crawl: starting the crawler (%s)", options.only_source or "all sources")
    stderr_path = options.summary_path.with_suffix(".log")
    with stderr_path.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=err, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        interrupted = False
        while True:
            try:
                proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                pass
            if (stop is not None and stop.is_set()) or time.monotonic() > deadline:
                interrupted = True
                log.warning("crawl: %s; stopping the crawler (its frontier keeps what is left for the next run)",
                            "stop requested" if stop is not None and stop.is_set() else "time limit reached")
                _terminate(proc)
                break
    tail = stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
    return proc.returncode, interrupted, " | ".join(tail)


def _terminate(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def _read_summary(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
