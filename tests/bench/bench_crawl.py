"""Crawl benchmark: our crawl+parse against a bare Scrapy spider, then a re-crawl, on one local site.

    python -m tests.bench.bench_crawl [--pages 2000] [--concurrency 2]

Generates a news site of --pages article pages (our own generated text, each wrapped in the same
page furniture as the fixture site) plus a sitemap listing them, serves it on 127.0.0.1 from
this process, and runs, each as its own process:

  (a) `python -m crawler.run` with one sitemap source: fetch, parse, dedup, spool, frontier;
  (b) a bare Scrapy spider fetching the same article URLs and doing nothing with them, with the
      same per-domain concurrency (and our downloader, which holds it: Scrapy 2.19's own runs
      every queued request at once when there is no download delay);
  (c) `python -m crawler.run` again on the unchanged site with the same frontier.

Both crawls run without politeness delays (download_delay 0, AutoThrottle off), robots.txt on.
Pages/s is measured at the server, from the first to the last article request, so process
start-up is left out of both; wall-clock times of whole runs are printed too. Targets: (a) at
least 0.5x (b); (c) fetches no article body again and takes at most 0.1x the time of (a).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _bare_spider(url_file: Path, concurrency: int) -> None:
    """Run inside a child process: fetch every URL in url_file, keep nothing."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    urls = url_file.read_text().split()

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):
            for url in urls:
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)

        def parse(self, response):
            return None

    process = CrawlerProcess(settings={
        "DOWNLOADER": "crawler.downloader.PerDomainDownloader", "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False, "COOKIES_ENABLED": False,
    })
    process.crawl(Bare)
    process.start()


def _span(site, prefix: str, since: int) -> tuple[int, float]:
    """(article responses with a body, seconds from first to last article request) in the log."""
    times = [r.at for r in site.requests[since:] if r.path.startswith(prefix) and r.status == 200]
    return len(times), (max(times) - min(times)) if len(times) > 1 else 0.0


def _run_measured(cmd: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run a child; (result, wall seconds, CPU seconds of the child and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return proc, wall, cpu


def _stub_parse(url, *args, **kwargs):
    from crawler.records import Article

    return Article(url, "t", None, None, "en", "text of " + url)


def _crawl_without_parsing(options_json: str) -> int:
    """Run inside a child process: our crawl with parse_page replaced by a constant-time stub
    (in the crawl process), to show what the crawl itself (frontier, spool, middlewares) costs."""
    import crawler.pipelines
    from crawler.run import main

    crawler.pipelines.parse_page = _stub_parse
    return main(["--options-json", options_json])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=2, choices=(1, 2))
    ap.add_argument("--parse-workers", type=int, default=1, help="crawler.parse_workers for our crawl (default 1)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of (a) and (b); the fastest counts (shared machine)")
    ap.add_argument("--bare", type=Path, help=argparse.SUPPRESS)  # internal: run the bare spider
    ap.add_argument("--stub-parser", help=argparse.SUPPRESS)  # internal: our crawl without parsing
    args = ap.parse_args()
    if args.bare:
        _bare_spider(args.bare, args.concurrency)
        return 0
    if args.stub_parser:
        return _crawl_without_parsing(args.stub_parser)

    from crawler.options import CrawlOptions
    from tests.support.site_builder import generate_site
    from tests.support.site_server import SiteServer

    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp_name:
        tmp = Path(tmp_name)
        site_dir = tmp / "site"
        started = time.monotonic()
        paths = generate_site(site_dir, args.pages)
        print(f"site: {len(paths)} article pages generated in {time.monotonic() - started:.1f} s", flush=True)
        with SiteServer(site_dir) as site:
            for p in paths + ["/sitemap.xml", "/robots.txt"]:
                site.read(p)  # warm the server's cache: every run sees the same server
            sources = tmp / "sources.toml"
            sources.write_text(f'[[source]]\nname = "bench"\nkind = "sitemap"\nurls = ["{site.base}/sitemap.xml"]\n'
                               f'allowed_domains = ["127.0.0.1"]\nallow = [\'/gen/\']\nmax_pages = {args.pages + 10}\n',
                               encoding="utf-8")
            url_file = tmp / "urls.txt"
            url_file.write_text("\n".join(site.base + p for p in paths))

            def options(run: str, parse_workers: int = args.parse_workers) -> CrawlOptions:
                return CrawlOptions(sources, tmp / run / "spool", tmp / run / "frontier.db", tmp / run / "summary.json",
                                    concurrency_per_domain=args.concurrency, download_delay=0.0, autothrottle=False,
                                    max_age_days=None, progress_interval=0, log_level="WARNING",
                                    default_max_pages=args.pages + 10, parse_workers=parse_workers)

            def measure(label: str, cmd: list[str]) -> dict:
                mark = len(site.requests)
                proc, wall, cpu = _run_measured(cmd)
                if proc.returncode != 0:
                    print(proc.stderr[-3000:])
                    raise SystemExit(f"{label}: exited with status {proc.returncode}")
                n, span = _span(site, "/gen/", mark)
                return {"pages": n, "rate": n / span if span else 0.0, "wall": wall, "cpu": cpu, "mark": mark}

            bare_runs, ours_runs, stub_runs = [], [], []
            for i in range(args.repeat):
                bare_runs.append(measure("bare spider", [sys.executable, "-m", "tests.bench.bench_crawl", "--bare",
                                                         str(url_file), "--concurrency", str(args.concurrency)]))
                o = options(f"ours-{i}")
                ours_runs.append({**measure("our crawl", [sys.executable, "-m", "crawler.run", "--options-json",
                                                          o.to_json()]), "options": o})
            stub = options("stub", parse_workers=0)
            stub_runs.append(measure("our crawl, parser stubbed", [sys.executable, "-m", "tests.bench.bench_crawl",
                                                                   "--stub-parser", stub.to_json()]))
            stub_items = json.loads(stub.summary_path.read_text())["totals"]["items_written"]
            # (c) re-crawl of the unchanged site, on the frontier of the last full crawl
            last = ours_runs[-1]["options"]
            first_summary = json.loads(last.summary_path.read_text())
            again = measure("re-crawl", [sys.executable, "-m", "crawler.run", "--options-json", last.to_json()])
            second_summary = json.loads(last.summary_path.read_text())
            refetched = sum(1 for r in site.requests[again["mark"]:] if r.path.startswith("/gen/") and r.status == 200)
            asked = sum(1 for r in site.requests[again["mark"]:] if r.path.startswith("/gen/"))
            listing = [f"{r.path} {r.status}" for r in site.requests[again["mark"]:] if not r.path.startswith("/gen/")]

    bare = max(bare_runs, key=lambda r: r["rate"])
    ours = max(ours_runs, key=lambda r: r["rate"])
    stubbed = stub_runs[0]
    t1, t2 = first_summary["totals"], second_summary["totals"]
    ratio = ours["rate"] / bare["rate"] if bare["rate"] else 0.0
    time_ratio = t2["elapsed_seconds"] / t1["elapsed_seconds"] if t1["elapsed_seconds"] else 0.0

    def rates(runs: list[dict]) -> str:
        return ", ".join(f"{r['rate']:.0f}" for r in runs)

    def line(label: str, r: dict) -> str:
        return (f"{label:34s} {r['pages']:5d} pages {r['rate']:7.1f} pages/s   run {r['wall']:5.1f} s wall, "
                f"{r['cpu']:5.1f} s CPU ({1000 * r['cpu'] / max(1, r['pages']):.1f} ms/page)")

    print(f"\ncrawl benchmark: {len(paths)} article pages on 127.0.0.1, concurrency per domain {args.concurrency}, "
          f"no download delay, parse workers {args.parse_workers}, best of {args.repeat} runs "
          f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})\n")
    print(line("(b) bare Scrapy spider", bare))
    print(line("(a) our crawl + parse", ours) + f"; {t1['items_written']} items spooled")
    print(line("    our crawl, parser stubbed", stubbed) + f"; {stub_items} items (the crawl's own cost)")
    print(f"    ratio (a)/(b)                  {ratio:.2f}x   target >= 0.5x   {'OK' if ratio >= 0.5 else 'MISSED'}"
          f"   (all runs: bare {rates(bare_runs)}; ours {rates(ours_runs)} pages/s)")
    print(f"(c) re-crawl, unchanged site: article bodies fetched again {refetched} (article requests {asked})   "
          f"target 0   {'OK' if refetched == 0 else 'MISSED'}")
    print(f"    listings: {', '.join(listing)}; not modified: {t2['not_modified']}, items: {t2['items_written']}")
    print(f"    time: {t2['elapsed_seconds']:.2f} s vs {t1['elapsed_seconds']:.2f} s on the crawler's clock = "
          f"{time_ratio:.3f}x   target <= 0.1x   {'OK' if time_ratio <= 0.1 else 'MISSED'}   "
          f"(whole processes with Python start-up: {again['wall']:.1f} s vs {ours_runs[-1]['wall']:.1f} s = "
          f"{again['wall'] / ours_runs[-1]['wall']:.2f}x)")
    ok = ratio >= 0.5 and refetched == 0 and time_ratio <= 0.1 and t1["items_written"] == len(paths)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
