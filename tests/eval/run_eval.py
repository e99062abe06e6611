"""make eval: score the NLP on the development set and on our own annotated test set.

    python -m tests.eval.run_eval [--shared DIR] [--sets dev,own,holdout] [--split] [--errors]

For each gold set (DIR/eval/dev, tests/eval/articles, and the held-out set tests/eval/holdout when
present) the articles are written as input JSON Lines, run through `interopwatch extract` (the
product's command, as a user runs it), and scored with DIR/eval/score.py. The held-out set is the
team's honest measure: it is printed as a set of its own, and --errors never lists its errors.
`--sets dev,own` scores only the sets named. Beside the figures for the seed article it prints the raw
statistical model's entity score (its ORG entities taken as companies), the baseline our
knowledge base and context typing must beat. `--split` also scores each writer's fold of a set on its
own (articles grouped by the id prefix before the first '-': `own-*`, the articles the earlier rules
were written against, and `dev2-*`, a later batch), so that a rule fitted to one writer's wording
shows as a gain on one fold only; the held-out set is never split. Needs DIR (../shared by default); says so plainly
and exits 2 when it is absent.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OWN_SET = REPO / "tests" / "eval" / "articles"
HOLDOUT_SET = REPO / "tests" / "eval" / "holdout"
SET_NAMES = ("dev", "own", "holdout")
SEED_ID = "seed-wechat-pay"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder (default ../shared)")
    ap.add_argument("--errors", action="store_true", help="list every false positive and negative (not of the held-out set)")
    ap.add_argument("--split", action="store_true",
                    help="also score each fold (id prefix before the first '-') of the dev and own sets")
    ap.add_argument("--sets", default=",".join(SET_NAMES), help="sets to score, comma-separated (default: dev,own,holdout)")
    args = ap.parse_args(argv)
    wanted = {x.strip() for x in args.sets.split(",") if x.strip()}
    if not wanted or wanted - set(SET_NAMES):
        ap.error(f"--sets takes names among {', '.join(SET_NAMES)}")
    shared = args.shared.resolve()
    scorer = shared / "eval" / "score.py"
    dev = shared / "eval" / "dev"
    if not scorer.is_file() or not dev.is_dir():
        print(f"run_eval: the shared folder {shared} (with eval/score.py and eval/dev/) is absent; "
              f"pass --shared DIR (make eval SHARED=DIR)", file=sys.stderr)
        return 2
    sets = [("dev", dev)] if "dev" in wanted else []
    for name, folder in (("own", OWN_SET), ("holdout", HOLDOUT_SET)):
        if name not in wanted:
            continue
        if folder.is_dir() and any(folder.glob("*.json")):
            sets.append((name, folder))
        else:
            print(f"run_eval: no {name} set in {folder}; skipped")
    with tempfile.TemporaryDirectory(prefix="interop-eval-") as tmp:
        tmp = Path(tmp)
        for name, gold_dir in sets:
            n = len(list(gold_dir.glob("*.json")))
            print(f"\n== {name} set: {gold_dir} ({n} articles)")
            out = tmp / f"{name}.out.jsonl"
            run_extract(gold_dir, tmp / f"{name}.in.jsonl", out)
            score(scorer, gold_dir, out, args.errors and name != "holdout")
            if args.split and name != "holdout":
                groups = folds(gold_dir)
                for fold, ids in groups.items() if len(groups) > 1 else ():
                    print(f"-- {name} fold {fold}-* ({len(ids)} articles)")
                    score_subset(scorer, gold_dir, out, ids, tmp / f"{name}-{fold}")
        seed = dev / f"{SEED_ID}.json"
        if "dev" in wanted and seed.is_file():
            print(f"\n== seed article {SEED_ID}: raw statistical model, ORG -> company (baseline)")
            gold_seed = tmp / "seed-gold"
            gold_seed.mkdir()
            shutil.copy(seed, gold_seed)
            raw = tmp / "seed.raw.jsonl"
            raw_model_baseline(seed, raw)
            score(scorer, gold_seed, raw, False, only=("entities_typed", "entities_untyped"))
            print(f"== seed article {SEED_ID}: Interop Watch")
            ours = tmp / "seed.ours.jsonl"
            ours.write_text("".join(l + "\n" for l in (tmp / "dev.out.jsonl").read_text().splitlines()
                                    if json.loads(l).get("id") == SEED_ID))
            score(scorer, gold_seed, ours, False)
    return 0


def write_input(gold_dir: Path, path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for p in sorted(gold_dir.glob("*.json")):
            g = json.loads(p.read_text(encoding="utf-8"))
            f.write(json.dumps({"id": g["id"], "title": g.get("title") or "", "text": g["text"],
                                "url": g.get("url"), "published": g.get("published")}, ensure_ascii=False) + "\n")


def run_extract(gold_dir: Path, inp: Path, out: Path) -> None:
    write_input(gold_dir, inp)
    exe = Path(sys.executable).parent / "interopwatch"
    cmd = [str(exe) if exe.exists() else "interopwatch", "extract", str(inp), "-o", str(out)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0 or not out.exists():
        sys.exit(f"run_eval: `{' '.join(cmd)}` failed (exit {proc.returncode}):\n{proc.stderr.strip()}")
    for line in proc.stderr.splitlines():
        if "could not be analysed" in line or "article" in line and ":" in line and "written" not in line:
            print(f"  {line}")


def score(scorer: Path, gold_dir: Path, system: Path, errors: bool, only: tuple[str, ...] = ()) -> None:
    cmd = [sys.executable, str(scorer), str(gold_dir), str(system)] + (["--errors"] if errors else [])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"run_eval: scorer failed: {proc.stderr.strip()}")
    for line in proc.stdout.splitlines():
        if not only or line.split(" ", 1)[0] in only:
            print(f"  {line}")


def folds(gold_dir: Path) -> dict[str, list[str]]:
    """The set's articles grouped by writer: the id prefix before the first '-' ("own", "dev2")."""
    out: dict[str, list[str]] = {}
    for p in sorted(gold_dir.glob("*.json")):
        out.setdefault(p.stem.split("-", 1)[0], []).append(p.stem)
    return out


def score_subset(scorer: Path, gold_dir: Path, system: Path, ids: list[str], work: Path) -> None:
    """Score only the articles `ids` of a set (their gold files copied, their output lines kept)."""
    gold = work / "gold"
    gold.mkdir(parents=True)
    for i in ids:
        shutil.copy(gold_dir / f"{i}.json", gold)
    keep = set(ids)
    sub = work / "system.jsonl"
    sub.write_text("".join(line + "\n" for line in system.read_text(encoding="utf-8").splitlines()
                           if line.strip() and json.loads(line).get("id") in keep), encoding="utf-8")
    score(scorer, gold, sub, False)


def raw_model_baseline(seed: Path, out: Path) -> None:
    """The base model alone: its ORG entities as companies, nothing else."""
    sys.path.insert(0, str(REPO))
    from nlp.pipeline import load_base_model

    gold = json.loads(seed.read_text(encoding="utf-8"))
    doc = load_base_model()(gold["text"])
    names = list(dict.fromkeys(e.text for e in doc.ents if e.label_ == "ORG"))
    out.write_text(json.dumps({"id": gold["id"], "relevant": True, "claims": [],
                               "entities": [{"name": n, "type": "company"} for n in names]}) + "\n")


if __name__ == "__main__":
    sys.exit(main())
