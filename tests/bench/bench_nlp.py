"""NLP benchmark (part of `make bench`): prints figures, asserts nothing.

    python -m tests.bench.bench_nlp [--articles 300] [--memory-articles 10000] [--kb config/kb]

1. Relevant articles: `analyse` (our pipeline, lemmatizer removed, our components added) against
   a plain `nlp.pipe` of the same base model, on the same texts, in one run: each the best of three
   rounds, the two taking turns. Target >= 0.9x.
2. A stream in which 80% of the articles are irrelevant: the relevance gate keeps the statistical
   model off them. Target >= 3x the plain pipe.
3. Peak memory (ru_maxrss) while analysing 10,000 articles streamed from a generator. Target <= 1 GiB.
Texts are synthetic, varied and generated on the fly (tests/bench/synthetic_articles.py).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from nlp import NlpOptions, analyse, load_nlp
from nlp.pipeline import load_base_model
from tests.bench.synthetic_articles import stream

REPO = Path(__file__).resolve().parents[2]


def _words(arts) -> int:
    return sum(len(a.text.split()) for a in arts)


def _best_times(fns, rounds: int = 3) -> list[float]:
    """Each function's best time over `rounds`, the functions taking turns, so that a slow spell of a
    shared machine falls on both sides alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t)
    return best


def compare(label: str, ours, plain, arts, target: float) -> None:
    texts = [a.text for a in arts]
    words = _words(arts)
    t_plain, t_ours = _best_times([lambda: sum(1 for _ in plain.pipe(texts, batch_size=32)),
                                   lambda: sum(1 for _ in analyse(ours, iter(arts), batch_size=32))])
    ratio = t_plain / t_ours
    print(f"{label}: {len(arts)} articles, {words} words")
    print(f"  plain nlp.pipe   {words / t_plain:10.0f} words/s  {len(arts) / t_plain:8.1f} articles/s")
    print(f"  analyse          {words / t_ours:10.0f} words/s  {len(arts) / t_ours:8.1f} articles/s")
    print(f"  ratio {ratio:.2f}x (target >= {target}x): {'met' if ratio >= target else 'NOT met'}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300, help="articles per throughput run")
    ap.add_argument("--memory-articles", type=int, default=10_000, help="articles for the memory run (0: skip)")
    ap.add_argument("--kb", type=Path, default=REPO / "config" / "kb")
    args = ap.parse_args(argv)

    ours = load_nlp(NlpOptions(kb_dir=args.kb))
    plain = load_base_model()
    print(f"base model {plain.meta.get('name')} {plain.meta.get('version')}; plain pipes {plain.pipe_names}")
    print(f"ours: {ours.pipe_names}")
    warm = list(stream(20, 0.5, seed=1))
    list(analyse(ours, warm))
    list(plain.pipe([a.text for a in warm]))

    relevant = list(stream(args.articles, 1.0, seed=2))
    compare("relevant articles", ours, plain, relevant, 0.9)
    mixed = list(stream(args.articles, 0.2, seed=3))
    share = sum(a.id.startswith("rel") for a in mixed) / len(mixed)
    threshold = ours.get_pipe("interop_relevance").threshold
    through = sum(1 for e in analyse(ours, iter(mixed)) if e.relevance_score >= threshold)
    print(f"mixed stream: {share:.0%} relevant by construction; the gate let {through} of {len(mixed)} through")
    compare("mixed stream (80% irrelevant)", ours, plain, mixed, 3.0)

    if args.memory_articles:
        del relevant, mixed
        n = claims = 0
        t = time.perf_counter()
        for ex in analyse(ours, stream(args.memory_articles, 0.2, seed=4), batch_size=32):
            n += 1
            claims += len(ex.claims)
        elapsed = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
        print(f"memory: {n} articles streamed ({claims} claims) in {elapsed:.0f} s; "
              f"peak RSS {peak:.0f} MiB (target <= 1024 MiB): {'met' if peak <= 1024 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
