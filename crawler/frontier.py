"""The crawler's own frontier: one SQLite row per URL, committed per response.

States of a row:

    found    discovered, not requested yet (over this run's page cap): the next run asks for it
    pending  scheduled; no outcome recorded yet (a killed run leaves these: the next run resumes them)
    done     an outcome is recorded: spooled, duplicate, not an article, not modified (304) ...
    failed   gave up for now; asked again on later runs until `attempts` reaches the limit

Roles: `index` rows are feeds, sitemaps and section pages (fetched again every run, conditionally,
with their stored ETag / Last-Modified); `article` rows are pages to parse. Every run asks for a
source's start URLs; the listings below them are asked for when their parent lists them again, and
the child sitemaps of a sitemap index that answered 304 are asked for all the same (conditionally):
an index file often stays the same while its sitemaps gain entries. The next pages of a section
page that answered 304, or that lists only known articles, are not asked for (nothing new there).

When a done article is asked for again (re-checked): only when a feed's `updated` or a sitemap's
`lastmod` for it is later than our last fetch and differs from the value seen before. The
request is then conditional (If-None-Match / If-Modified-Since): 304 leaves it as it was; a new
body with a new content hash is spooled as a new version. Otherwise known articles are never
fetched again.

A spool record is written (and fsynced) before its row becomes `done`, so a crawl killed at any
moment loses nothing: at worst a page in flight is fetched again and spooled twice.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from crawler.errors import CrawlerError
from crawler.dates import parse_instant
from crawler.records import PageHints

SCHEMA_VERSION = 1
WAL_CHECKPOINT_PAGES = 10_000  # of 4 kB
SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('index', 'article')),
    state TEXT NOT NULL CHECK (state IN ('found', 'pending', 'done', 'failed')),
    depth INTEGER NOT NULL DEFAULT 0,
    hints TEXT,
    listed_lastmod TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    canonical_url TEXT,
    outcome TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    found_at TEXT NOT NULL,
    fetched_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS urls_source_state ON urls (source, role, state);
CREATE TABLE IF NOT EXISTS canonicals (
    canonical_url TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    url TEXT NOT NULL,
    source TEXT NOT NULL,
    spooled_at TEXT NOT NULL
);
"""
_HINT_FIELDS = tuple(f.name for f in fields(PageHints) if f.name != "fetched_at")


@dataclass(frozen=True)
class Link:
    """A URL a listing (feed, sitemap, section page) points at, with what the listing says."""

    url: str
    hints: PageHints = PageHints()
    lastmod: str | None = None  # feed `updated` / sitemap `lastmod`, ISO 8601
    role: str = "article"  # or "index": a child sitemap, the next page of a section


@dataclass(frozen=True)
class Planned:
    """A request to make now."""

    url: str
    source: str
    role: str
    depth: int
    hints: PageHints
    etag: str | None = None  # set for conditional requests (index pages, re-checks)
    last_modified: str | None = None
    recheck: bool = False


@dataclass(frozen=True)
class Row:
    url: str
    source: str
    role: str
    state: str
    depth: int
    hints: PageHints
    listed_lastmod: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    attempts: int
    fetched_at: str | None


def hints_to_json(hints: PageHints) -> str | None:
    data = {k: getattr(hints, k) for k in _HINT_FIELDS if getattr(hints, k, None)}
    return json.dumps(data, ensure_ascii=False) if data else None


def hints_from_json(text: str | None) -> PageHints:
    if not text:
        return PageHints()
    data = json.loads(text)
    return PageHints(**{k: v for k, v in data.items() if k in _HINT_FIELDS})


def wants_recheck(row: Row, lastmod: str | None) -> bool:
    """A done article is asked again when the listing's date for it is new and after our fetch."""
    if row.state != "done" or not lastmod or lastmod == row.listed_lastmod:
        return False
    listed, fetched = parse_instant(lastmod), parse_instant(row.fetched_at)
    return listed is not None and fetched is not None and listed > fetched


class Frontier:
    """The frontier file. Not thread-safe: used from the reactor thread only."""

    def __init__(self, path: Path | str, max_attempts: int = 3):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.max_attempts = max_attempts
        # One crawl at a time per frontier: a second one would fetch the same pending URLs.
        self._lock = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock)
            raise CrawlerError(f"{self.path}: the frontier is in use by another crawl") from None
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._db.row_factory = sqlite3.Row
            # WAL + synchronous=NORMAL: a commit survives the process being killed (SIGKILL); the
            # spool, fsynced before a row is marked done, survives power loss too, and ingest dedups a repeat.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            # Checkpoints (WAL -> database, with the only fsyncs NORMAL makes) every ~40 MB of
            # WAL instead of SQLite's 4 MB: at 1000 pages a checkpoint came every ~200 responses,
            # and its fsyncs (several ms each beside other I/O) stalled the crawl each time.
            # Durability is unchanged: a commit is in the WAL, whatever the checkpoint schedule;
            # closing the frontier checkpoints and removes the WAL.
            self._db.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CrawlerError(f"{self.path}: frontier written by a newer crawler (schema {version})")
            self._db.executescript(SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as e:
            os.close(self._lock)
            raise CrawlerError(f"{self.path}: not a usable frontier file ({e})") from None
        except CrawlerError:
            os.close(self._lock)
            raise

    def close(self) -> None:
        self._db.close()
        os.close(self._lock)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- reading ---------------------------------------------------------------------------

    def row(self, url: str) -> Row | None:
        r = self._db.execute("SELECT * FROM urls WHERE url = ?", (url,)).fetchone()
        return _row(r) if r else None

    def already_fetched(self, url: str) -> bool:
        """Done, or spooled already as another page's canonical URL: one query."""
        return self._db.execute(
            "SELECT EXISTS (SELECT 1 FROM urls WHERE url = ? AND state = 'done') "
            "OR EXISTS (SELECT 1 FROM canonicals WHERE canonical_url = ?)", (url, url)).fetchone()[0] == 1

    def is_done(self, url: str) -> bool:
        r = self._db.execute("SELECT state FROM urls WHERE url = ?", (url,)).fetchone()
        return r is not None and r[0] == "done"

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) stored for `url`, for a conditional request."""
        r = self._db.execute("SELECT etag, last_modified FROM urls WHERE url = ?", (url,)).fetchone()
        return (r[0], r[1]) if r else (None, None)

    def canonical_hash(self, canonical_url: str) -> str | None:
        r = self._db.execute("SELECT content_hash FROM canonicals WHERE canonical_url = ?",
                             (canonical_url,)).fetchone()
        return r[0] if r else None

    def indexes_at(self, source: str, depth: int) -> list[Link]:
        """The source's listings found at `depth` (child sitemaps, next pages), as links with the
        date their parent listing gave them: for a parent that answered 304, whose children may
        still have changed (a sitemap index is rewritten less often than its sitemaps)."""
        rows = self._db.execute(
            "SELECT url, listed_lastmod FROM urls WHERE source = ? AND role = 'index' AND depth = ? "
            "ORDER BY rowid", (source, depth)).fetchall()
        return [Link(r[0], PageHints(), lastmod=r[1], role="index") for r in rows]

    def counts(self, source: str | None = None) -> Counter:
        """(role, state) -> number of rows, for one source or all."""
        sql = "SELECT role, state, count(*) FROM urls"
        args: tuple = ()
        if source is not None:
            sql += " WHERE source = ?"
            args = (source,)
        return Counter({(r[0], r[1]): r[2] for r in self._db.execute(sql + " GROUP BY role, state", args)})

    # -- planning --------------------------------------------------------------------------

    def start_urls(self, source: str, urls: Iterable[str], now: datetime) -> list[Planned]:
        """The source's configured URLs as index requests, conditional where validators are known."""
        stamp = now.isoformat()
        planned = []
        with self._tx() as db:
            for url in urls:
                db.execute(
                    "INSERT INTO urls (url, source, role, state, depth, found_at, updated_at) "
                    "VALUES (?, ?, 'index', 'pending', 0, ?, ?) ON CONFLICT (url) DO NOTHING",
                    (url, source, stamp, stamp))
                etag, last_modified = self.validators(url)
                planned.append(Planned(url, source, "index", 0, PageHints(), etag, last_modified))
        return planned

    def resume(self, source: str, limit: int, now: datetime) -> list[Planned]:
        """What earlier runs left (found, pending, failed but not given up): listings first (a
        child sitemap or next page a killed run never reached), then articles, oldest first."""
        if limit <= 0:
            return []
        rows = self._db.execute(
            "SELECT * FROM urls WHERE source = ? AND "
            "(state IN ('found', 'pending') OR (state = 'failed' AND attempts < ?)) "
            "ORDER BY role = 'index' DESC, rowid LIMIT ?", (source, self.max_attempts, limit)).fetchall()
        planned = []
        stamp = now.isoformat()
        with self._tx() as db:
            for r in rows:
                row = _row(r)
                recheck = row.role == "article" and row.content_hash is not None
                conditional = recheck or row.role == "index"
                db.execute("UPDATE urls SET state = 'pending', updated_at = ? WHERE url = ?", (stamp, row.url))
                planned.append(Planned(row.url, source, row.role, row.depth, row.hints,
                                       row.etag if conditional else None,
                                       row.last_modified if conditional else None, recheck))
        return planned

    def plan_listing(self, source: str, links: Iterable[Link], *, depth: int, budget: int,
                     scheduled: set[str], now: datetime) -> tuple[list[Planned], Counter]:
        """Record the links of one listing in one transaction and decide which to request now.

        New links and due re-checks become `pending` while `budget` lasts, then `found` (asked for
        next run). Links already in `scheduled` (this run) are skipped. Returns the requests to
        make and a tally of decisions: new, recheck, known, deferred (over the page cap), queued.
        """
        planned: list[Planned] = []
        tally: Counter = Counter()
        stamp = now.isoformat()
        with self._tx() as db:
            for link in links:
                if link.url in scheduled:
                    tally["queued"] += 1
                    continue
                r = db.execute("SELECT * FROM urls WHERE url = ?", (link.url,)).fetchone()
                row = _row(r) if r else None
                hints_json = hints_to_json(link.hints)
                if row is None:
                    state = "pending" if len(planned) < budget else "found"
                    db.execute(
                        "INSERT INTO urls (url, source, role, state, depth, hints, listed_lastmod, found_at, "
                        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (link.url, source, link.role, state, depth, hints_json, link.lastmod, stamp, stamp))
                    if state == "pending":
                        planned.append(Planned(link.url, source, link.role, depth, link.hints))
                        tally["new"] += 1
                    else:
                        tally["deferred"] += 1
                    continue
                due = (row.role == "index" or wants_recheck(row, link.lastmod)
                       or row.state in ("found", "pending")
                       or (row.state == "failed" and row.attempts < self.max_attempts))
                if not due:
                    tally["known"] += 1
                    continue
                if len(planned) >= budget:
                    tally["deferred"] += 1
                    if row.state == "done" and row.role == "article":
                        # keep the newer date so the next run still sees the re-check as due
                        db.execute("UPDATE urls SET state = 'found', updated_at = ? WHERE url = ?",
                                   (stamp, link.url))
                    continue
                recheck = row.state == "done" and row.role == "article"
                db.execute(
                    "UPDATE urls SET state = 'pending', hints = coalesce(?, hints), "
                    "listed_lastmod = coalesce(?, listed_lastmod), updated_at = ? WHERE url = ?",
                    (hints_json, link.lastmod, stamp, link.url))
                conditional = recheck or row.role == "index"
                planned.append(Planned(link.url, source, row.role, depth,
                                       hints_from_json(hints_json) if hints_json else row.hints,
                                       row.etag if conditional else None,
                                       row.last_modified if conditional else None, recheck))
                tally["recheck" if recheck else "new"] += 1
        return planned, tally

    # -- outcomes --------------------------------------------------------------------------

    def mark_done(self, url: str, *, source: str, now: datetime, outcome: str,
                  etag: str | None = None, last_modified: str | None = None,
                  content_hash: str | None = None, canonical_url: str | None = None,
                  also: Iterable[str] = (), role: str = "article") -> None:
        """Record the outcome of a response (and the canonical URL it was spooled under), in one
        commit. `also`: other URLs that reached the same response (redirect targets), marked done
        so they are not fetched again."""
        stamp = now.isoformat()
        with self._tx() as db:
            for u in (url, *also):
                db.execute(
                    "INSERT INTO urls (url, source, role, state, found_at, updated_at, outcome, fetched_at, etag, "
                    "last_modified, content_hash, canonical_url) VALUES (?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (url) DO UPDATE SET state = 'done', outcome = excluded.outcome, "
                    "fetched_at = excluded.fetched_at, updated_at = excluded.updated_at, "
                    "etag = coalesce(excluded.etag, etag), last_modified = coalesce(excluded.last_modified, last_modified), "
                    "content_hash = coalesce(excluded.content_hash, content_hash), "
                    "canonical_url = coalesce(excluded.canonical_url, canonical_url), last_error = NULL",
                    (u, source, role, stamp, stamp, outcome, stamp, etag, last_modified, content_hash, canonical_url))
            if canonical_url and content_hash:
                db.execute(
                    "INSERT INTO canonicals (canonical_url, content_hash, url, source, spooled_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (canonical_url) DO UPDATE SET "
                    "content_hash = excluded.content_hash, url = excluded.url, spooled_at = excluded.spooled_at",
                    (canonical_url, content_hash, url, source, stamp))

    def mark_failed(self, url: str, *, source: str, now: datetime, error: str, permanent: bool = False,
                    role: str = "article") -> None:
        """Record a failure; a permanent one (404, refused by a safety rule) is not asked again."""
        stamp = now.isoformat()
        with self._tx() as db:
            db.execute(
                "INSERT INTO urls (url, source, role, state, found_at, updated_at) "
                "VALUES (?, ?, ?, 'failed', ?, ?) ON CONFLICT (url) DO NOTHING",
                (url, source, role, stamp, stamp))
            db.execute(
                "UPDATE urls SET state = 'failed', "
                "attempts = CASE WHEN ? THEN max(attempts, ?) ELSE attempts + 1 END, "
                "last_error = ?, updated_at = ? WHERE url = ?",
                (permanent, self.max_attempts, error[:500], stamp, url))


def _row(r: sqlite3.Row) -> Row:
    return Row(url=r["url"], source=r["source"], role=r["role"], state=r["state"], depth=r["depth"],
               hints=hints_from_json(r["hints"]), listed_lastmod=r["listed_lastmod"], etag=r["etag"],
               last_modified=r["last_modified"], content_hash=r["content_hash"], attempts=r["attempts"],
               fetched_at=r["fetched_at"])
