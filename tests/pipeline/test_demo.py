"""`interopwatch demo`: the bundled site served on 127.0.0.1, crawled, analysed and digested, offline."""

import email
import email.policy
import sqlite3
import urllib.error
import urllib.request

import pytest

from pipeline.demo import SITE, DemoSite, prepare_directory
from pipeline.errors import StageError
from tests.pipeline.conftest import run_cli

STORIES = sorted(p.parent for p in (SITE / "stories").rglob("index.html"))


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_the_sample_site_has_enough_stories_with_feeds_and_boilerplate():
    assert len(STORIES) >= 12
    for story in STORIES:
        page = (story / "index.html").read_text(encoding="utf-8")
        for furniture in ('class="share-bar"', "<figcaption>", 'class="related"', "<nav", "<footer"):
            assert furniture in page, f"{story.name} lacks {furniture}"
    feed, sitemap = (SITE / "feed.xml").read_text(), (SITE / "sitemap.xml").read_text()
    assert feed.count("<item>") == 10 and sitemap.count("<loc>") == len(STORIES)
    assert (SITE / "section" / "interoperability" / "index.html").is_file() and (SITE / "sources.toml").is_file()


def test_the_demo_site_fills_in_its_address_and_serves_directories():
    with DemoSite() as site:
        status, headers, body = fetch(site.base + "/feed.xml")
        assert status == 200 and f"<link>{site.base}/</link>".encode() in body and b"{{BASE}}" not in body
        status, headers, body = fetch(site.base + "/stories/2024/09/taobao-rolls-out-wechat-pay/")
        assert status == 200 and headers["Content-Type"].startswith("text/html") and b"WeChat Pay" in body
        assert fetch(site.base + "/stories/2024/09/taobao-rolls-out-wechat-pay/", {"If-None-Match": headers["ETag"]})[0] == 304
        for missing in ("/nope/", "/../pyproject.toml", "/%2e%2e/demo.py", "/sources.toml"):
            assert fetch(site.base + missing)[0] == 404, missing


def test_a_folder_the_demo_did_not_make_is_left_alone(tmp_path):
    (tmp_path / "thesis.txt").write_text("important")
    with pytest.raises(StageError, match="not made by the demo"):
        prepare_directory(tmp_path)
    assert (tmp_path / "thesis.txt").read_text() == "important"


@pytest.mark.slow
def test_the_demo_runs_end_to_end_through_the_cli(tmp_path):
    folder = tmp_path / "demo"
    result = run_cli("demo", "--dir", str(folder), timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"database: {folder / 'interopwatch.db'}: {len(STORIES)} articles" in out
    assert "Try some SQL:" in out and "interopwatch --db" in out and "digest --week" in out
    conn = sqlite3.connect(folder / "interopwatch.db")
    try:
        articles, analysed, claims = conn.execute(
            "SELECT count(*), count(analysed_at), (SELECT count(*) FROM claims) FROM articles").fetchone()
        duplicates = conn.execute("SELECT count(*) - count(DISTINCT url) FROM articles").fetchone()[0]
        undated = conn.execute("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()[0]
    finally:
        conn.close()
    assert (articles, analysed, duplicates, undated) == (len(STORIES), len(STORIES), 0, 1)
    assert claims > 0
    (eml,) = (folder / "digests").glob("digest-*.eml")
    assert f"digest:   {eml}" in out and eml.with_suffix(".html").is_file()
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    assert "LATE ARRIVALS" in text and text.count("(demo-") >= len(STORIES) - 1  # every dated story arrived late
    assert "Interoperability tracker" in text  # the undated tracker belongs to this week

    again = run_cli("demo", "--dir", str(folder), timeout=120)  # a second run starts afresh
    assert again.returncode == 0, again.stderr
    assert f"{len(STORIES)} articles" in again.stdout
