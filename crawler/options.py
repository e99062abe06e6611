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

    def to_json(self) -> str:
        return json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()})

    @classmethod
    def from_json(cls, text: str) -> "CrawlOptions":
        raw = json.loads(text)
        paths = {f.name for f in fields(cls) if "Path" in str(f.type) and f.name != "only_source"}
        return cls(**{k: Path(v) if k in paths and v is not None else v for k, v in raw.items()})
