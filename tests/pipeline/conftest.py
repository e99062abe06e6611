"""Fixtures for pipeline tests: a real SQLite store with a few rows, and ways to run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp.records import Claim, EntityRef, Extraction, Mention
from pipeline.cli import cli
from pipeline.store import open_store, save_extraction, upsert_article

NOW = "2026-11-25T09:00:00Z"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def filled_db(tmp_path) -> Path:
    """A closed database file holding two analysed articles."""
    path = tmp_path / "store.db"
    db = open_store(path)
    texts = [
        ("https://news.example/wechat-links", "WeChat opens external links",
         "From Sept. 17, Tencent began allowing users to open external links in WeChat one-on-one chats."),
        ("https://news.example/alipay", "Alibaba apps take WeChat Pay",
         "Alibaba's Ele.me and Youku now accept WeChat Pay, the payment service run by its rival Tencent."),
    ]
    for n, (url, title, text) in enumerate(texts, 1):
        upsert_article(db, dict(url=url, source="fixture", title=title, author=None, published=f"2021-09-{16 + n}",
                                language="en", text=text, content_hash=f"h{n}", fetched_at=NOW, etag=None,
                                last_modified=None), NOW)
    ents = (EntityRef("tencent", "Tencent", "company", country="CN"),
            EntityRef("wechat", "WeChat", "app", owner_id="tencent", country="CN"))
    save_extraction(db, 1, Extraction("1", True, 0.9, ents, (Mention("tencent", "Tencent", 22, 29),),
                                      (Claim("wechat", "WeChat", None, None, "links", "live", texts[0][2], 0, len(texts[0][2])),)), NOW)
    db.conn.close()
    return path


@pytest.fixture
def invoke():
    """Run the CLI in-process (CliRunner) through main()'s error handling."""
    def run(*args: str, env: dict | None = None):
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=True)
    return run


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `interopwatch` as a user would: a separate process."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("INTEROPWATCH")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd or REPO, timeout=timeout)
