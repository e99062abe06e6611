"""Analyse: articles not yet analysed -> nlp -> entities, mentions, claims (one transaction each)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator

import sqlite_utils

from nlp.records import ArticleText
from pipeline.clock import Clock, iso, utc_now
from pipeline.config import Config
from pipeline.nlp_setup import build_nlp, nlp_options
from pipeline.store import count_pending, finish_run, pending_articles, save_analysis_error, save_extraction, start_run

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnalyseOutcome:
    analysed: int = 0
    relevant: int = 0
    claims: int = 0
    failed: int = 0
    remaining: int = 0
    stopped: bool = False
    errors: tuple[str, ...] = field(default=())

    def counts(self) -> dict:
        return {"analysed": self.analysed, "relevant": self.relevant, "claims": self.claims, "failed": self.failed,
                "remaining": self.remaining}


def analyse_pending(config: Config, db: sqlite_utils.Database, nlp=None, limit: int | None = None,
                    clock: Clock = utc_now, stop: threading.Event | None = None) -> AnalyseOutcome:
    """Analyse waiting articles in batches; stops cleanly between articles when `stop` is set."""
    run_id = start_run(db, "analyse", iso(clock()))
    waiting = count_pending(db)
    analysed = relevant = claims = failed = 0
    errors: list[str] = []
    stopped = False
    if waiting:
        from nlp import analyse  # the model loads only when there is work

        nlp = nlp or build_nlp(config)
        started = time.monotonic()
        texts = _article_texts(db, limit, stop)
        for extraction in analyse(nlp, texts, batch_size=nlp_options(config).batch_size):
            article_id = int(extraction.article_id)
            if extraction.error:
                failed += 1
                errors.append(f"article {article_id}: {extraction.error}")
                save_analysis_error(db, article_id, extraction.error, iso(clock()))
            else:
                save_extraction(db, article_id, extraction, iso(clock()))
                analysed += 1
                relevant += extraction.relevant
                claims += len(extraction.claims)
            if (analysed + failed) % 100 == 0:
                rate = (analysed + failed) / max(time.monotonic() - started, 1e-9)
                log.info("analyse: %d of %d done (%.1f articles/s)", analysed + failed, waiting, rate)
        stopped = bool(stop and stop.is_set())
    outcome = AnalyseOutcome(analysed, relevant, claims, failed, count_pending(db), stopped, tuple(errors))
    status = "interrupted" if stopped else ("partial" if failed else "ok")
    finish_run(db, run_id, status, iso(clock()), outcome.counts(), errors[:100])
    log.info("analyse: %d analysed (%d relevant, %d claims), %d failed, %d waiting", analysed, relevant, claims,
             failed, outcome.remaining)
    return outcome


def _article_texts(db: sqlite_utils.Database, limit: int | None, stop: threading.Event | None) -> Iterator[ArticleText]:
    for row in pending_articles(db, limit=limit):
        if stop is not None and stop.is_set():
            return
        yield ArticleText(id=str(row.id), title=row.title, text=row.text, language=row.language)
