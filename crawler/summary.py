"""Per-source tallies during a crawl, and the JSON summary written at the end.

    SourceTally            counters the spider, middlewares and pipelines update
    build_summary(tallies, run_id, started, finished, spool_path) -> dict   (pure)
    summary_line(summary) -> str
    progress_line(tallies, elapsed) -> str

Summary, per source: name, status (ok | failed), reason (when failed), pages_fetched,
not_modified, items_written, drops {reason: n}, errors [messages], error_count,
elapsed_seconds; plus totals over all sources.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MAX_ERROR_MESSAGES = 50


@dataclass
class SourceTally:
    name: str
    pages_fetched: int = 0  # responses with a body (not 304), listings and articles
    not_modified: int = 0
    items_written: int = 0
    drops: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    start_ok: int = 0  # start URLs that gave a usable listing (or 304)
    start_failures: list[str] = field(default_factory=list)
    first_activity: float | None = None
    last_activity: float | None = None

    def touch(self, now: float) -> None:
        if self.first_activity is None:
            self.first_activity = now
        self.last_activity = now

    def drop(self, reason: str, n: int = 1) -> None:
        if n:
            self.drops[reason] += n

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERROR_MESSAGES:
            self.errors.append(message)

    @property
    def failed(self) -> bool:
        return self.start_ok == 0 and bool(self.start_failures)

    def to_dict(self) -> dict:
        elapsed = (self.last_activity - self.first_activity
                   if self.first_activity is not None and self.last_activity is not None else 0.0)
        return {
            "name": self.name,
            "status": "failed" if self.failed else "ok",
            "reason": self.start_failures[0] if self.failed else None,
            "pages_fetched": self.pages_fetched,
            "not_modified": self.not_modified,
            "items_written": self.items_written,
            "drops": dict(sorted(self.drops.items())),
            "errors": list(self.errors),
            "error_count": self.error_count,
            "elapsed_seconds": round(elapsed, 3),
        }


def build_summary(tallies: list[SourceTally], *, run_id: str, started: str, finished: str,
                  elapsed_seconds: float, spool_path: str | None) -> dict:
    sources = [t.to_dict() for t in tallies]
    drops: Counter = Counter()
    for s in sources:
        drops.update(s["drops"])
    totals = {
        "sources": len(sources),
        "sources_failed": sum(1 for s in sources if s["status"] == "failed"),
        "pages_fetched": sum(s["pages_fetched"] for s in sources),
        "not_modified": sum(s["not_modified"] for s in sources),
        "items_written": sum(s["items_written"] for s in sources),
        "drops": dict(sorted(drops.items())),
        "error_count": sum(s["error_count"] for s in sources),
        "elapsed_seconds": round(elapsed_seconds, 3),
        "pages_per_second": round(sum(s["pages_fetched"] for s in sources) / elapsed_seconds, 2)
        if elapsed_seconds > 0 else 0.0,
    }
    return {"run_id": run_id, "started": started, "finished": finished, "spool": spool_path,
            "sources": sources, "totals": totals}


def _drops_text(drops: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(drops.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"


def progress_line(tallies: list[SourceTally], elapsed: float) -> str:
    pages = sum(t.pages_fetched for t in tallies)
    items = sum(t.items_written for t in tallies)
    drops: Counter = Counter()
    for t in tallies:
        drops.update(t.drops)
    rate = pages / elapsed if elapsed > 0 else 0.0
    return (f"progress: {pages} pages ({rate:.1f} pages/s), {sum(t.not_modified for t in tallies)} not modified, "
            f"{items} items, {sum(t.error_count for t in tallies)} errors; drops: {_drops_text(drops)}")


def summary_line(summary: dict) -> str:
    t = summary["totals"]
    failed = [f"{s['name']} ({s['reason']})" for s in summary["sources"] if s["status"] == "failed"]
    return (f"crawl finished: {t['sources']} sources ({t['sources_failed']} failed), {t['pages_fetched']} pages "
            f"in {t['elapsed_seconds']:.1f}s ({t['pages_per_second']:.1f} pages/s), {t['not_modified']} not modified, "
            f"{t['items_written']} items written, {t['error_count']} errors; drops: {_drops_text(t['drops'])}"
            + (f"; failed: {'; '.join(failed)}" if failed else ""))
