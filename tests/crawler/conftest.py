"""Crawler test helpers: a spider wired to a real frontier and spool, and the crawler subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from crawler.frontier import Frontier
from crawler.options import CrawlOptions
from crawler.sources import parse_sources
from crawler.spiders.interop import InteropSpider
from crawler.spool import Spool
from crawler.summary import SourceTally

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)


def make_sources(*tables: dict):
    return parse_sources({"source": list(tables)})


@pytest.fixture
def spider_for(tmp_path):
    """spider_for(*source tables, **options) -> InteropSpider with a real frontier and spool."""
    made = []

    def make(*tables: dict, **options) -> InteropSpider:
        sources = make_sources(*tables)
        opts = CrawlOptions(tmp_path / "sources.toml", tmp_path / "spool", tmp_path / "frontier.db",
                            tmp_path / "summary.json", **{"max_age_days": None, **options})
        frontier = Frontier(opts.frontier_path)
        spool = Spool(opts.spool_dir, "unit")
        spider = InteropSpider(sources=sources, frontier=frontier, spool=spool, options=opts,
                               clock=lambda: NOW, tallies={s.name: SourceTally(s.name) for s in sources})
        made.append(spider)
        return spider

    yield make
    for spider in made:
        spider.spool.close()
        spider.frontier.close()


def fake_crawler(spider) -> SimpleNamespace:
    """What pipelines and middlewares reach through `crawler`: the spider and a signal hub."""
    return SimpleNamespace(spider=spider, signals=SimpleNamespace(connect=lambda *a, **k: None))


@dataclass
class CrawlRun:
    returncode: int
    stderr: str
    summary: dict

    def source(self, name: str) -> dict:
        return next(s for s in self.summary["sources"] if s["name"] == name)


def crawl_options(tmp: Path, sources_file: Path, **overrides) -> CrawlOptions:
    """Options for a fast crawl of local servers: no politeness delays, quick retries."""
    defaults = dict(max_page_bytes=1_000_000, download_delay=0.0, autothrottle=False, retry_backoff=0.05,
                    max_retry_after=2.0, max_age_days=None, progress_interval=0.5, download_timeout=10.0,
                    parse_workers=0)
    return CrawlOptions(sources_file, tmp / "spool", tmp / "frontier.db", tmp / "summary.json",
                        **{**defaults, **overrides})


def run_crawler(options: CrawlOptions, timeout: float = 120) -> CrawlRun:
    proc = subprocess.run([sys.executable, "-m", "crawler.run", "--options-json", options.to_json()],
                          cwd=REPO, capture_output=True, text=True, timeout=timeout)
    summary = json.loads(options.summary_path.read_text()) if options.summary_path.exists() else {}
    return CrawlRun(proc.returncode, proc.stderr, summary)


def spooled(spool_dir: Path) -> list[dict]:
    """Every complete record in every spool file (archived or not), in order."""
    records = []
    for path in sorted(spool_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                pass  # a torn last line of a killed crawl
    return records
