"""`make bench`: every benchmark in one run, each printing its own figures.

    python -m tests.bench.run_bench [--shared ../shared] [--only parsing,crawl,nlp]

- parsing: article extraction on ../shared/bench/aeb vs plain trafilatura (needs ../shared)
- crawl:   crawl+parse throughput vs a bare Scrapy spider, and the re-crawl of an unchanged site
- nlp:     analyse throughput vs a plain nlp.pipe, the relevance gate's gain, peak memory
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCHES = {
    "parsing": ("tests.bench.bench_parsing", True),
    "crawl": ("tests.bench.bench_crawl", False),
    "nlp": ("tests.bench.bench_nlp", False),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder (benchmark data)")
    ap.add_argument("--only", default=",".join(BENCHES), help="comma-separated subset of: " + ", ".join(BENCHES))
    args = ap.parse_args()
    failed = []
    for name in args.only.split(","):
        module, needs_shared = BENCHES[name.strip()]
        print(f"\n=== bench: {name} ===", flush=True)
        cmd = [sys.executable, "-m", module] + (["--shared", str(args.shared)] if needs_shared else [])
        started = time.monotonic()
        code = subprocess.call(cmd, cwd=REPO)
        print(f"--- {name}: exit {code}, {time.monotonic() - started:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nbench: {', '.join(failed)} did not complete (see above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
