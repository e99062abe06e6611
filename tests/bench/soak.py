"""`make soak`: the daemon's reliability figure. Not a test: it prints figures.

    python -m tests.bench.soak [--kills 50] [--weeks 5] [--seed 1] [--keep DIR]

A news site (tests/support/site_server.py serving stories made of the demo site's paragraphs, so they
hold claims) grows by two stories before every start; an
aiosmtpd server that stores a message and then waits before answering 250 (so some kills land
between "accepted" and "recorded"). `interopwatch daemon` runs on a 2-second cycle and is killed
with SIGKILL at a random moment (0.3-9 s after it starts), then started again, `--kills` times;
a last clean run (stopped with SIGTERM) lets it catch up. The clock is shifted (the daemon's
hidden --clock-offset-hours, through INTEROPWATCH_TEST_CLOCK_OFFSET_HOURS) so the runs span
`--weeks` weeks of schedule, each starting just after a Monday 08:00 digest moment.

Printed: articles expected vs stored (and which are missing), duplicate rows, digests received per
week, how far the killed runs got. Target: all stored, 0 duplicates, exactly 1 digest per week.
Exit status 0 when the target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CYCLE_SECONDS = 2.0
GROWTH = 2  # stories added before every start


def build_site(root: Path, n: int) -> list[str]:
    """A news site of n stories (English, with claims: paragraphs taken in turn from the demo site's
    stories), a sitemap listing them; returns their URL paths. Story i never changes once written."""
    import html
    import re

    from pipeline.demo import SITE
    from tests.support.site_builder import ArticleSpec, render_article

    demo = []
    for page in sorted((SITE / "stories").rglob("index.html")):
        body = page.read_text(encoding="utf-8").split('<article class="story">', 1)[1].split("</article>", 1)[0]
        demo.append([html.unescape(p) for p in re.findall(r"\n      <p>(.*?)</p>", body)])
    start = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
    paths = []
    for i in range(n):
        published = start + timedelta(hours=9 * i)
        path = f"gen/{published:%Y/%m/%d}/story-{i:05d}.html"
        paragraphs = demo[i % len(demo)]
        spec = ArticleSpec(path=path, title=f"Platform watch #{i}: {paragraphs[0][:60]}", author=f"Reporter {i % 7}",
                           published=published.isoformat(), section="Policy", caption=f"Picture {i}",
                           paragraphs=tuple(paragraphs))
        out = root / path
        if not out.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(render_article(spec), encoding="utf-8")
        paths.append("/" + path)
    urls = "\n".join(f"  <url><loc>{{{{BASE}}}}{p}</loc></url>" for p in paths)
    (root / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                                      f'schemas/sitemap/0.9">\n{urls}\n</urlset>\n', encoding="utf-8")
    return paths


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (from /proc): the crawler of a daemon about to be killed."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _query(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=50, help="SIGKILLs (daemon runs killed at random points)")
    ap.add_argument("--weeks", type=int, default=5, help="weeks of schedule the runs span (clock offset)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the database and logs in this folder")
    args = ap.parse_args()

    sys.path.insert(0, str(REPO))
    from tests.support.site_server import SiteServer
    from tests.support.smtp import SmtpServer

    rng = random.Random(args.seed)
    home = Path(tempfile.mkdtemp(prefix="interopwatch-soak-"))
    db = home / "store.db"
    site_root = home / "site"
    stories = 10
    build_site(site_root, stories)
    started = time.monotonic()
    orphans: set[int] = set()
    reached = Counter()
    # Week k of the soak starts at a Monday 09:00 (UTC), an hour after that Monday's digest moment.
    first_monday = (datetime.now(timezone.utc) - timedelta(weeks=args.weeks + 1)).replace(hour=9, minute=0, second=0,
                                                                                         microsecond=0)
    first_monday -= timedelta(days=first_monday.weekday())

    with SiteServer(site_root) as site, SmtpServer() as smtp:
        smtp.inbox.delay = 0.5
        sources = home / "sources.toml"
        sources.write_text(f'[[source]]\nname = "soak-sitemap"\nkind = "sitemap"\nurls = ["{site.base}/sitemap.xml"]\n'
                           f'allowed_domains = ["127.0.0.1"]\nallow = [\'/gen/\']\n', encoding="utf-8")
        settings = {
            "paths.data_dir": home / "data", "crawler.sources": sources, "crawler.download_delay": 0,
            "crawler.autothrottle": "false", "schedule.cycle_minutes": CYCLE_SECONDS / 60,
            "digest.smtp_host": "127.0.0.1", "digest.smtp_port": smtp.port, "digest.smtp_tls": "none",
            "digest.recipients": "soak@example.org", "digest.retry_backoff_seconds": 0.2, "log.level": "INFO",
        }
        cli = [sys.executable, "-m", "pipeline", "--db", str(db)]
        for key, value in settings.items():
            cli += ["-s", f"{key}={value}"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("INTEROPWATCH")}
        log = (home / "daemon.log").open("ab")
        runs_per_week = max(1, args.kills // args.weeks)

        def start(week_index: int, epoch_real: float) -> subprocess.Popen:
            fake_now = first_monday + timedelta(weeks=week_index) + timedelta(seconds=time.monotonic() - epoch_real)
            offset = (fake_now - datetime.now(timezone.utc)).total_seconds() / 3600
            run_env = {**env, "INTEROPWATCH_TEST_CLOCK_OFFSET_HOURS": f"{offset:.6f}"}
            return subprocess.Popen(cli + ["daemon"], cwd=REPO, env=run_env, stdout=log, stderr=subprocess.STDOUT)

        kills = 0
        for week_index in range(args.weeks):
            epoch_real = time.monotonic()
            for _ in range(runs_per_week if week_index < args.weeks - 1 else args.kills - kills):
                stories += GROWTH
                build_site(site_root, stories)
                site.clear_cache()
                cycles_before = _query(db, "SELECT count(*) FROM runs WHERE stage = 'cycle' AND finished_at IS NOT NULL")
                proc = start(week_index, epoch_real)
                time.sleep(rng.uniform(0.3, 9.0))
                orphans.update(_children(proc.pid))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                kills += 1
                cycles_after = _query(db, "SELECT count(*) FROM runs WHERE stage = 'cycle' AND finished_at IS NOT NULL")
                if cycles_after and cycles_after != cycles_before:
                    reached["completed a cycle"] += 1
                print(f"  kill {kills:2d}/{args.kills}: week {week_index + 1}, {stories} stories on the site, "
                      f"{(_query(db, 'SELECT count(*) FROM articles') or [(0,)])[0][0]} stored", flush=True)
            # Each week's digest must get its chance: one more run, killed only once the week is recorded.
            if len(smtp.messages) < week_index + 1:
                proc = start(week_index, epoch_real)
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and len(_query(db, "SELECT week FROM digests WHERE state IN "
                                                                     "('sent', 'unconfirmed')")) < week_index + 1:
                    time.sleep(0.2)
                orphans.update(_children(proc.pid))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                reached["extra"] += 1

        # The last, clean run: let it catch up, then stop it with SIGTERM.
        print("  clean run: catching up ...", flush=True)
        cycles_before = (_query(db, "SELECT count(*) FROM runs WHERE stage = 'cycle' AND finished_at IS NOT NULL")
                         or [(0,)])[0][0]
        proc = start(args.weeks - 1, time.monotonic())
        expected = stories
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:  # at least one whole cycle of its own, then everything analysed
            stored = _query(db, "SELECT count(*), count(analysed_at) FROM articles")
            cycles = _query(db, "SELECT count(*) FROM runs WHERE stage = 'cycle' AND finished_at IS NOT NULL")[0][0]
            if cycles > cycles_before and stored and stored[0] == (expected, expected):
                break
            time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        clean_exit = proc.wait(timeout=120)
        time.sleep(1.0)  # let the SMTP server settle
        for pid in orphans:  # a crawler runs in its own session: its group holds its parse workers too
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

        stored_urls = {r[0] for r in _query(db, "SELECT url FROM articles")}
        expected_urls = {f"{site.base}{p}" for p in build_site(site_root, stories)}
        per_week = Counter(m.message["X-Interopwatch-Week"] for m in smtp.messages)
        message_ids = Counter(m.message["Message-ID"] for m in smtp.messages)
    log.close()

    missing = sorted(expected_urls - stored_urls)
    dup_articles = _query(db, "SELECT count(*) - count(DISTINCT url) FROM articles")[0][0]
    dup_mentions = _query(db, "SELECT count(*) FROM (SELECT article_id, entity_id, start, count(*) n FROM mentions "
                              "GROUP BY 1, 2, 3 HAVING n > 1)")[0][0]
    dup_claims = _query(db, "SELECT count(*) FROM (SELECT article_id, host, guest, kind, start, count(*) n FROM claims "
                            "GROUP BY 1, 2, 3, 4, 5 HAVING n > 1)")[0][0]
    digest_rows = _query(db, "SELECT week, state, attempts FROM digests ORDER BY week")
    run_states = dict(_query(db, "SELECT status, count(*) FROM runs GROUP BY status"))
    weeks_expected = [r[0] for r in digest_rows]

    print(f"\nsoak: {kills} SIGKILLs at random points (0.3-9 s after each start), then one clean run; "
          f"{args.weeks} weeks of schedule; seed {args.seed}")
    extra, completed = reached["extra"], reached["completed a cycle"]
    print(f"  daemon runs: {kills + extra + 1}; killed runs that completed a cycle: {completed}; extra runs (killed "
          f"once the week's digest was recorded): {extra}; clean run exit status {clean_exit}")
    print(f"  articles: expected {len(expected_urls)}, stored {len(stored_urls & expected_urls)}, missing {len(missing)}"
          + (f" (e.g. {missing[0]})" if missing else ""))
    print(f"  duplicate rows: articles {dup_articles}, mentions {dup_mentions}, claims {dup_claims}")
    print("  digests received per week (aiosmtpd): "
          + (", ".join(f"{w} {per_week.get(w, 0)}" for w in weeks_expected) or "none"))
    print("  digests table: " + (", ".join(f"{w} {s} ({a} attempt(s))" for w, s, a in digest_rows) or "empty"))
    print(f"  messages with a repeated Message-ID: {sum(n - 1 for n in message_ids.values())}")
    print(f"  runs: " + ", ".join(f"{k} {v}" for k, v in sorted(run_states.items())))
    print(f"  kills that hit a running crawl: {len(orphans)} (the crawler dies with the daemon; its frontier resumes)")
    print(f"  wall time: {time.monotonic() - started:.0f} s")
    ok = (not missing and dup_articles == dup_mentions == dup_claims == 0 and len(weeks_expected) == args.weeks
          and all(per_week.get(w, 0) == 1 for w in weeks_expected) and sum(per_week.values()) == args.weeks
          and run_states.get("running", 0) == 0)
    print("RESULT:", "PASS (all stored, 0 duplicates, exactly 1 digest per week)" if ok else "FAIL")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        shutil.copy2(home / "daemon.log", args.keep / "daemon.log")
        if db.exists():
            source, target = sqlite3.connect(db), sqlite3.connect(args.keep / "store.db")
            source.backup(target)  # with what is still in the WAL
            source.close()
            target.close()
        print(f"  kept the database and the daemon log in {args.keep}")
    shutil.rmtree(home, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
