"""`interopwatch daemon` as a separate process, on a seconds-scale schedule, against a local fixture site
(tests/support/site_server.py serving a generated news site that grows between cycles) and a real
SMTP server: cycles run, a failing source does not stop them, SIGTERM stops cleanly, kill -9 and a
restart lose no article and duplicate no row, a second daemon is refused, the digest goes out once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.lock import DaemonLock
from tests.pipeline.conftest import REPO
from tests.support.site_builder import generate_site
from tests.support.site_server import SiteServer
from tests.support.smtp import free_port, smtp_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow


class Daemon:
    """One `interopwatch daemon` process, its log in a file."""

    def __init__(self, home: Path, args: list[str], env: dict | None = None):
        self.log_path = home / f"daemon-{time.monotonic_ns()}.log"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("INTEROPWATCH")}
        full_env.update(env or {})
        self.log = self.log_path.open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args, "daemon"], cwd=REPO, env=full_env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.orphans: list[int] = []

    def reap(self) -> None:
        for pid in self.orphans:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    @property
    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def children(self) -> list[int]:
        """Processes this daemon started (the crawler), from /proc."""
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                    found.append(int(entry.name))
            except OSError:
                continue
        return found

    def stop(self, sig=signal.SIGTERM, timeout=60) -> int:
        if self.proc.poll() is None:
            if sig == signal.SIGKILL:
                self.orphans = self.children()  # its crawler should die with it (PDEATHSIG); reaped anyway
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        self.log.close()
        return code


@pytest.fixture
def home(tmp_path):
    return tmp_path


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    generate_site(root, 6)
    with SiteServer(root) as server:
        yield server


def grow(site: SiteServer, n: int) -> None:
    """The site publishes more stories: the first ones stay identical, n in all."""
    generate_site(site.root, n)
    site.clear_cache()


def settings(home: Path, site: SiteServer, smtp_port: int, cycle_seconds: float = 2.0) -> list[str]:
    sources = home / "sources.toml"
    sources.write_text(f"""
[[source]]
name = "fixture-sitemap"
kind = "sitemap"
urls = ["{site.base}/sitemap.xml"]
allowed_domains = ["127.0.0.1"]
allow = ['/gen/']

[[source]]
name = "down"
kind = "feed"
urls = ["http://127.0.0.1:{free_port()}/feed.xml"]
allowed_domains = ["127.0.0.1"]
""", encoding="utf-8")
    values = {
        "paths.data_dir": home / "data", "crawler.sources": sources, "crawler.download_delay": 0,
        "crawler.autothrottle": "false", "crawler.retry_times": 0, "schedule.cycle_minutes": cycle_seconds / 60,
        "schedule.digest_grace_hours": 24 * 8,  # the last digest moment is always within grace: one is due
        "digest.smtp_host": "127.0.0.1", "digest.smtp_port": smtp_port, "digest.smtp_tls": "none",
        "digest.recipients": "ana@example.org", "digest.retry_backoff_seconds": 0.1,
    }
    args = ["--db", str(home / "store.db")]
    for key, value in values.items():
        args += ["-s", f"{key}={value}"]
    return args


def query(home: Path, sql: str, params=()) -> list[tuple]:
    if not (home / "store.db").exists():
        return []
    conn = sqlite3.connect(f"file:{home / 'store.db'}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []  # not migrated yet
    finally:
        conn.close()


def wait_for(condition, timeout: float, what: str, daemon: Daemon | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if daemon is not None and daemon.proc.poll() is not None:
            raise AssertionError(f"the daemon exited ({daemon.proc.returncode}) while waiting for {what}:\n{daemon.output}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}" + (f":\n{daemon.output[-4000:]}" if daemon else ""))


def finished_cycles(home: Path) -> int:
    rows = query(home, "SELECT count(*) FROM runs WHERE stage = 'cycle' AND finished_at IS NOT NULL")
    return rows[0][0] if rows else 0


def article_urls(home: Path) -> list[str]:
    return [r[0] for r in query(home, "SELECT url FROM articles ORDER BY url")]


def assert_no_duplicate_rows(home: Path) -> None:
    assert query(home, "SELECT count(*) - count(DISTINCT url) FROM articles") == [(0,)]
    assert query(home, "SELECT count(*) FROM (SELECT article_id, entity_id, start, count(*) AS n FROM mentions "
                       "GROUP BY 1, 2, 3 HAVING n > 1)") == [(0,)]
    assert query(home, "SELECT count(*) FROM (SELECT article_id, host, guest, kind, start, count(*) AS n FROM claims "
                       "GROUP BY 1, 2, 3, 4, 5 HAVING n > 1)") == [(0,)]


def expected_urls(site: SiteServer, n: int) -> list[str]:
    return sorted(f"{site.base}/gen/" + p.split("/gen/", 1)[1] for p in generate_site(site.root, n))


def test_the_daemon_runs_cycles_survives_a_failing_source_and_stops_cleanly(home, site, smtp_server):
    daemon = Daemon(home, settings(home, site, smtp_server.port))
    try:
        wait_for(lambda: finished_cycles(home) >= 1, 90, "the first cycle", daemon)
        assert article_urls(home) == expected_urls(site, 6)
        grow(site, 9)  # three new stories appear
        wait_for(lambda: len(article_urls(home)) == 9, 60, "the new stories", daemon)
        wait_for(lambda: finished_cycles(home) >= 2, 60, "a second cycle", daemon)
        failed = query(home, "SELECT count(*) FROM runs WHERE stage = 'crawl-source' AND source = 'down' AND status = 'failed'")
        assert failed[0][0] >= 2  # the source that is down failed every cycle; the others went on
        assert "next cycle at" in daemon.output
    finally:
        code = daemon.stop(signal.SIGTERM)
    assert code == 0, daemon.output
    assert "SIGTERM received" in daemon.output and "lock released" in daemon.output
    assert query(home, "SELECT count(*) FROM runs WHERE status = 'running'") == [(0,)]
    lock = DaemonLock.for_database(home / "store.db")
    lock.acquire("now")  # released
    lock.release()
    assert article_urls(home) == expected_urls(site, 9)
    assert query(home, "SELECT count(*) FROM articles WHERE analysed_at IS NULL") == [(0,)]
    assert_no_duplicate_rows(home)
    # The digest that was due went out once, however many cycles ran.
    assert len(smtp_server.messages) == 1
    assert query(home, "SELECT state FROM digests") == [("sent",)]


def test_a_second_daemon_on_the_same_database_is_refused_with_the_pid(home, site, smtp_server):
    first = Daemon(home, settings(home, site, smtp_server.port, cycle_seconds=60))
    try:
        wait_for(lambda: (home / "store.db.daemon.lock").exists() and (home / "store.db.daemon.lock").read_text(),
                 30, "the lock", first)
        second = Daemon(home, settings(home, site, smtp_server.port))
        assert second.proc.wait(timeout=60) == 1
        assert f"another daemon already runs on this database (process {first.proc.pid}," in second.output
        assert first.proc.poll() is None
    finally:
        assert first.stop() == 0


def test_kill_9_then_restart_loses_no_article_and_duplicates_no_row(home, site, smtp_server):
    args = settings(home, site, smtp_server.port)
    first = Daemon(home, args)
    try:
        # Kill it in the middle of its second cycle, when it is writing.
        wait_for(lambda: finished_cycles(home) >= 1, 90, "the first cycle", first)
        grow(site, 12)
        wait_for(lambda: len(article_urls(home)) > 6, 60, "new stories being stored", first)
    finally:
        first.stop(signal.SIGKILL)
    assert first.proc.returncode == -signal.SIGKILL
    restarted = Daemon(home, args)
    try:
        wait_for(lambda: "interrupted" in {r[0] for r in query(home, "SELECT status FROM runs")} or
                 finished_cycles(home) >= 3, 90, "the restart to take over", restarted)
        wait_for(lambda: len(article_urls(home)) == 12 and
                 query(home, "SELECT count(*) FROM articles WHERE analysed_at IS NULL") == [(0,)], 90,
                 "every story stored and analysed", restarted)
    finally:
        assert restarted.stop() == 0, restarted.output
        first.reap()
    assert article_urls(home) == expected_urls(site, 12)
    assert_no_duplicate_rows(home)
    assert query(home, "SELECT count(*) FROM runs WHERE status = 'running'") == [(0,)]
    assert len(smtp_server.messages) == 1


def test_daemon_once_runs_one_cycle_and_the_due_digest_then_exits(home, site, smtp_server):
    args = settings(home, site, smtp_server.port)
    result = subprocess.run([sys.executable, "-m", "pipeline", *args, "daemon", "--once"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert finished_cycles(home) == 1
    assert article_urls(home) == expected_urls(site, 6)
    assert len(smtp_server.messages) == 1
    again = subprocess.run([sys.executable, "-m", "pipeline", *args, "daemon", "--once"], cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert finished_cycles(home) == 2 and len(smtp_server.messages) == 1


def test_a_broken_sources_file_stops_the_start_with_its_reason(home):
    bad = home / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "--db", str(home / "store.db"), "-s",
                             f"crawler.sources={bad}", "daemon"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"interopwatch: error: {bad}: source 'x' (#1): key 'kind': missing (required)"
    lock = DaemonLock.for_database(home / "store.db")
    lock.acquire("now")  # not left held
    lock.release()
