"""A built wheel carries everything the product reads at run time, and runs from where it is installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_root(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # a copy of the sources, so that no build/ folder left in the checkout can fill the wheel, nor the build leave one
    src = out / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".*", "build", "data", "*.egg-info", "__pycache__", "tests"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(src), "-w", str(out)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = out.glob("interopwatch-*.whl")
    root = out / "installed"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(root)
    return root


@pytest.mark.slow
def test_wheel_holds_every_bundled_data_file(wheel_root):
    bundled = [p.relative_to(REPO) for folder in ("config", "pipeline/demo_site") for p in (REPO / folder).rglob("*")
               if p.is_file() and p.suffix in {".toml", ".html", ".xml", ".txt"}]
    assert bundled
    missing = [str(p) for p in bundled if not (wheel_root / p).is_file()]
    assert missing == []


@pytest.mark.slow
def test_extract_runs_from_the_wheel_outside_the_checkout(wheel_root, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "title": "Taobao now accepts WeChat Pay",
                               "text": "Alibaba's Taobao has started accepting Tencent's WeChat Pay at checkout, "
                                       "after regulators told the platforms to stop blocking each other."}) + "\n")
    env = {**os.environ, "PYTHONPATH": str(wheel_root)}
    env.pop("INTEROPWATCH_CONFIG", None)
    where = subprocess.run([sys.executable, "-c", "import nlp, pipeline.config as c; print(nlp.__file__); print(c.BUNDLED_CONFIG)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).is_relative_to(wheel_root) for p in where)  # not the checkout's copy
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(src), "-o", str(tmp_path / "out.jsonl")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (row,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert row["relevant"] is True
    assert {(c["host"], c["guest"], c["kind"]) for c in row["claims"]} == {("Taobao", "WeChat Pay", "payment")}
