"""One cycle of the main job: crawl (with ingest), then analyse."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import sqlite_utils

from pipeline.clock import Clock, iso, utc_now
from pipeline.config import Config
from pipeline.stages.analyse import AnalyseOutcome, analyse_pending
from pipeline.stages.crawl import CrawlOutcome, crawl_sources
from pipeline.store import finish_run, start_run


@dataclass(frozen=True)
class CycleOutcome:
    crawl: CrawlOutcome
    analyse: AnalyseOutcome | None

    @property
    def status(self) -> str:
        if self.analyse is None or self.analyse.stopped:
            return "interrupted"
        if self.crawl.status != "ok" or self.analyse.failed:
            return "partial"
        return "ok"


def run_cycle(config: Config, db: sqlite_utils.Database, nlp=None, only_source: str | None = None,
              clock: Clock = utc_now, stop: threading.Event | None = None) -> CycleOutcome:
    run_id = start_run(db, "cycle", iso(clock()))
    crawl = crawl_sources(config, db, only_source=only_source, clock=clock, stop=stop)
    analysed = None
    if not (stop is not None and stop.is_set()):
        analysed = analyse_pending(config, db, nlp=nlp, clock=clock, stop=stop)
    outcome = CycleOutcome(crawl, analysed)
    counts = {"crawl_status": crawl.status, "new_articles": crawl.ingest.new if crawl.ingest else 0,
              **({"analysed": analysed.analysed, "claims": analysed.claims} if analysed else {})}
    finish_run(db, run_id, outcome.status, iso(clock()), counts, list(crawl.errors) + list(analysed.errors if analysed else ()))
    return outcome
