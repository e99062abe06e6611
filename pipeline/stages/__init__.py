"""The stages of the main job. Each is idempotent, can be run by hand, and records itself in `runs`.

    crawl_sources(config, db, ...)   -> CrawlOutcome   (runs the crawler subprocess, then ingests)
    ingest_spool(db, spool_dir, ...) -> IngestOutcome
    analyse_pending(config, db, ...) -> AnalyseOutcome
    run_cycle(config, db, ...)       -> CycleOutcome   (crawl + ingest + analyse)
"""

from pipeline.stages.analyse import AnalyseOutcome, analyse_pending
from pipeline.stages.crawl import CrawlOutcome, crawl_sources
from pipeline.stages.cycle import CycleOutcome, run_cycle
from pipeline.stages.ingest import IngestOutcome, ingest_spool

__all__ = ["AnalyseOutcome", "CrawlOutcome", "CycleOutcome", "IngestOutcome", "analyse_pending", "crawl_sources",
           "ingest_spool", "run_cycle"]
