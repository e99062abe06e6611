"""Options for one crawl, built by `pipeline` from its config and handed to `crawler.run`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path


@dataclass(frozen=True)
class CrawlOptions:
    sources_file: Path
    spool_dir: Path  # spool files are written here as <run id>.jsonl
    frontier_path: Path  # the crawler's own SQLite frontier
    summary_path: Path  # JSON summary of the run, per source, written at the end
    only_source: str | None = None  # crawl just this source
    user_agent: str = "InteropWatch/0.1 (+https://github.com/interopwatch/interopwatch)"
    max_page_bytes: int = 5_000_000  # after decompression
    download_timeout: float = 30.0
    concurrency_per_domain: int = 2
    autothrottle: bool = True
    retry_times: int = 3
    max_depth: int = 3
    default_max_pages: int = 500  # per source per run, where a source does not say
    log_level: str = "INFO"
    # added by the crawler (all optional):
    run_id: str | None = None  # names the spool file; default: start time + process id
    download_delay: float = 1.0  # seconds between requests to one host (AutoThrottle's minimum)
    autothrottle_max_delay: float = 30.0
    retry_backoff: float = 1.0  # first retry after ~1 s, then 2 s, 4 s ...
    max_retry_after: float = 60.0  # cap on a server's Retry-After and on backoff
    max_crawl_delay: float = 30.0  # cap on a robots.txt Crawl-delay (seconds between requests to a host)
    max_sitemap_bytes: int = 50_000_000  # sitemaps may be larger than pages (after decompression)
    max_age_days: float | None = None  # feed/sitemap entries dated more than this before now are skipped
    max_attempts: int = 3  # runs a failing URL is tried before it is given up
    progress_interval: float = 10.0  # seconds between progress log lines; 0: none
    now: str | None = None  # ISO 8601 start time of the crawl (tests); default: the clock
    parse_workers: int = 1  # processes parsing pages beside the crawl; 0: parse in the crawl process
    parent_pid: int | None = None  # the crawl ends when this process dies (see crawler/lifetime.py)

    def to_json(self) -> str:
        return json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()})

    @classmethod
    def from_json(cls, text: str) -> "CrawlOptions":
        raw = json.loads(text)
        paths = {f.name for f in fields(cls) if "Path" in str(f.type) and f.name != "only_source"}
        return cls(**{k: Path(v) if k in paths and v is not None else v for k, v in raw.items()})
