"""`interopwatch demo`: the whole product offline, on a bundled sample news site.

    run_demo(config, directory, echo) -> DemoReport

1. Serves `pipeline/demo_site/` (16 stories written for the demo about real interoperability
   events, with a feed, a sitemap, a section page and news-site furniture) on 127.0.0.1 at an
   ephemeral port (`DemoSite`); "{{BASE}}" in its files becomes the server's address.
2. Crawls it with the real crawler (the site's own sources file), ingests and analyses into a
   fresh database under `directory`.
3. Writes this week's digest (`.eml` + `.html`) under `directory/digests` (never by SMTP).
4. Returns a report whose summary names the files and suggests SQL to try.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from pipeline.clock import Clock, utc_now
from pipeline.config import Config, with_overrides
from pipeline.digest.deliver import Delivery, deliver_digest
from pipeline.digest.week import Week, current_week
from pipeline.errors import StageError
from pipeline.stages import run_cycle
from pipeline.store import claims_by_day_and_status, open_store, table_counts

SITE = Path(__file__).resolve().parent / "demo_site"
MARKER = ".interopwatch-demo"
TEXT_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
              ".txt": "text/plain; charset=utf-8", ".toml": "text/plain; charset=utf-8"}
LAST_MODIFIED = formatdate(1735689600, usegmt=True)  # fixed: a re-crawl sees nothing changed


class DemoSite:
    """A static site on 127.0.0.1 (ephemeral port); directories serve their index.html."""

    def __init__(self, root: Path = SITE):
        self.root = root.resolve()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base = ""

    def page(self, path: str) -> bytes | None:
        """The bytes served for a URL path, "{{BASE}}" filled in; None if there is no such file."""
        relative = unquote(urlsplit(path).path).lstrip("/")
        target = (self.root / relative).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or target.name.startswith(".") or target.name == "sources.toml":
            return None
        data = target.read_bytes()
        return data.replace(b"{{BASE}}", self.base.encode()) if target.suffix in TEXT_TYPES else data

    def start(self) -> "DemoSite":
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._answer(body=True)

            def do_HEAD(self) -> None:
                self._answer(body=False)

            def _answer(self, body: bool) -> None:
                data = site.page(self.path)
                if data is None:
                    payload = b"<!DOCTYPE html><title>Not found</title><h1>Page not found</h1>"
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if body:
                        self.wfile.write(payload)
                    return
                etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                suffix = Path(urlsplit(self.path).path).suffix or ".html"
                self.send_response(200)
                self.send_header("Content-Type", TEXT_TYPES.get(suffix, "application/octet-stream"))
                self.send_header("Content-Length", str(len(data)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def log_message(self, format: str, *args) -> None:  # quiet: the crawl summary says enough
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "DemoSite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass(frozen=True)
class DemoReport:
    directory: Path
    db_path: Path
    base_url: str
    seconds: float
    counts: dict
    claims_by_status: dict
    sources: tuple[dict, ...]
    delivery: Delivery
    busiest_week: str | None
    errors: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        db = self.db_path
        statuses = ", ".join(f"{s} {n}" for s, n in sorted(self.claims_by_status.items(), key=lambda kv: -kv[1]))
        eml, html = self.delivery.paths if self.delivery.paths else (None, None)
        lines = [
            f"Interop Watch demo: crawled the sample site at {self.base_url} in {self.seconds:.1f} s",
            "  sources:  " + "; ".join(f"{s.get('name')} {s.get('status')} ({s.get('items_written', s.get('items', 0))} "
                                       f"new articles)" for s in self.sources),
            f"  database: {db}: {self.counts.get('articles', 0)} articles, {self.counts.get('mentions', 0)} mentions "
            f"of {self.counts.get('entities', 0)} entities, {self.counts.get('claims', 0)} claims"
            + (f" ({statuses})" if statuses else ""),
        ]
        if eml is not None:
            lines.append(f"  digest:   {eml} (this week, {self.delivery.week}; open {html} in a browser)")
        else:
            lines.append(f"  digest:   {self.delivery.week}: {self.delivery.action}")
        if self.busiest_week:
            lines.append(f"  the busiest week in the sample: interopwatch --db {db} -s paths.data_dir={self.directory} "
                         f"digest --week {self.busiest_week} --dry-run")
        for error in self.errors[:5]:
            lines.append(f"  note: {error}")
        q = f"interopwatch --db {db} query"
        lines += [
            "",
            "Try some SQL:",
            f"  {q} \"SELECT observed_on, host, guest, kind, status FROM claims ORDER BY observed_on\"",
            f"  {q} \"SELECT observed_on, host, guest, kind, previous_status || ' -> ' || status AS change "
            f"FROM claim_history WHERE previous_status <> status\"",
            f"  {q} \"SELECT e.name, e.type, count(*) AS mentions FROM mentions m JOIN entities e ON e.id = m.entity_id "
            f"GROUP BY e.id ORDER BY mentions DESC LIMIT 10\"",
            f"  {q} \"SELECT a.title, a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH 'WeChat Pay'\"",
        ]
        return "\n".join(lines)


def prepare_directory(directory: Path) -> None:
    """Create `directory`, or empty one a previous demo made; refuse any other non-empty folder."""
    if directory.exists():
        if not directory.is_dir():
            raise StageError(f"demo directory {directory} is a file; pass another --dir")
        if any(directory.iterdir()):
            if not (directory / MARKER).exists():
                raise StageError(f"demo directory {directory} is not empty and was not made by the demo; it was left "
                                 f"untouched: pass --dir with a new or empty folder")
            shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text("made by interopwatch demo; emptied by the next demo run\n", encoding="utf-8")


def _busiest_week(rows: list[dict]) -> str | None:
    per_week: Counter = Counter()
    for row in rows:
        try:
            per_week[str(Week.of(date.fromisoformat(row["day"])))] += int(row["claims"])
        except ValueError:
            continue
    return per_week.most_common(1)[0][0] if per_week else None


def run_demo(config: Config, directory: Path, echo: Callable[[str], None] = print, clock: Clock = utc_now) -> DemoReport:
    """Serve the sample site, crawl + analyse it into `directory`, write this week's digest."""
    directory = Path(directory)
    prepare_directory(directory)
    started = time.monotonic()
    db_path = directory / "interopwatch.db"
    with DemoSite() as site:
        sources = directory / "sources.toml"
        sources.write_text((SITE / "sources.toml").read_text(encoding="utf-8").replace("{{BASE}}", site.base),
                           encoding="utf-8")
        demo = with_overrides(config, paths={"db": str(db_path), "data_dir": str(directory)},
                              crawler={"sources": str(sources), "timeout_minutes": 5.0, "autothrottle": False,
                                       "download_delay": 0.0},  # our own server on loopback: no politeness wait
                              digest={"smtp_host": "", "out_dir": str(directory / "digests")})
        echo(f"demo: serving the sample site at {site.base}; crawling it into {db_path} ...")
        db = open_store(db_path)
        try:
            outcome = run_cycle(demo, db, clock=clock)
            seconds = time.monotonic() - started
            week = current_week(clock(), ZoneInfo(demo.schedule.timezone))
            delivery = deliver_digest(demo, db, week, clock=clock)
            counts = table_counts(db)
            rows = claims_by_day_and_status(db, "0001-01-01", "9999-12-31")
        finally:
            db.conn.close()
    by_status: Counter = Counter()
    for row in rows:
        by_status[row["status"]] += int(row["claims"])
    errors = tuple(outcome.crawl.errors) + (tuple(outcome.analyse.errors) if outcome.analyse else ())
    return DemoReport(directory, db_path, site.base, seconds, counts, dict(by_status), outcome.crawl.sources, delivery,
                      _busiest_week(rows), errors)
