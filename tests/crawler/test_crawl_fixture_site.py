"""End to end: `python -m crawler.run` over the fixture site and its traps, twice.

The first run must spool every article once with the right fields and handle every trap; the
second (nothing changed) must fetch no article again and get 304 for the listings.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from tests.crawler.conftest import crawl_options, run_crawler, spooled
from tests.support.fixture_site import serve_fixture_site

pytestmark = pytest.mark.slow
UA = "InteropWatch-test/0.1 (+https://example.org/bot)"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    with serve_fixture_site() as fx:
        options = crawl_options(tmp, fx.write_sources(tmp / "sources.toml"), user_agent=UA, parse_workers=1)
        first = run_crawler(options)
        first_records = spooled(options.spool_dir)
        first_hits = Counter(fx.site.paths())
        fx.site.reset_log()
        second = run_crawler(options)
        yield fx, options, first, first_records, first_hits, second, spooled(options.spool_dir)


def test_the_crawl_exits_zero_although_sources_failed(crawled):
    _, _, first, _, _, second, _ = crawled
    assert first.returncode == 0 and second.returncode == 0, first.stderr[-3000:]
    assert first.summary["totals"]["sources_failed"] == 4


def test_every_article_is_spooled_once_with_its_fields(crawled):
    fx, _, _, records, _, _, _ = crawled
    by_url = Counter(r["url"] for r in records)
    assert set(by_url) == set(fx.expected), sorted(set(by_url) ^ set(fx.expected))
    assert all(n == 1 for n in by_url.values()), by_url
    for record in records:
        spec = fx.expected[record["url"]]
        assert record["title"] == spec.title
        assert record["author"] == spec.author
        assert record["published"][:10] == spec.published[:10]
        assert record["language"] == "en"
        assert spec.paragraphs[0] in record["text"] and spec.paragraphs[-1] in record["text"]
        for furniture in ("[ad_1]", "Share", "Sign up", "cookies", "Read more", "Agency Pictures"):
            assert furniture not in record["text"], (record["url"], furniture)
        assert record["content_hash"] == hashlib.sha256(record["text"].encode()).hexdigest()
        assert record["fetched_at"].endswith("+00:00") and record["etag"]


def test_tracking_parameters_redirects_and_wrong_charsets_do_not_change_the_record(crawled):
    fx, _, _, records, _, _, _ = crawled
    by_url = {r["url"]: r for r in records}
    whatsapp = by_url[f"{fx.site.base}/news/2025/11/14/whatsapp-third-party-chats.html"]
    assert whatsapp["requested_url"] == f"{fx.site.base}/go/whatsapp"  # through a 301 and a 302
    bgh = by_url[f"{fx.site.base}/news/2025/03/18/bgh-apple-section-19a.html"]
    assert "Präsident des Bundeskartellamtes" in bgh["text"]  # served as iso-8859-1, really UTF-8
    assert "utm_" not in "".join(by_url) and "fbclid" not in "".join(by_url)


def test_no_request_reaches_another_address_or_port(crawled):
    fx, *_ = crawled
    for trap in fx.traps:
        assert trap.requests == [], trap.paths()


def test_robots_txt_is_obeyed_and_a_503_robots_txt_closes_the_host(crawled):
    fx, _, first, _, hits, _, _ = crawled
    assert hits["/members/2025/02/exclusive-interview.html"] == 0
    assert set(fx.robots_503.paths()) == {"/robots.txt"}
    assert hits["/robots.txt"] == 1
    source = first.source("fx-robots-503")
    assert source["status"] == "failed" and "robots.txt answered HTTP 503" in source["reason"]
    assert first.source("fx-rss2")["drops"]["robots"] == 1


def test_every_request_identifies_the_crawler(crawled):
    fx, *_ = crawled
    assert {r.headers.get("User-Agent") for r in fx.site.requests} == {UA}


def test_5xx_and_429_are_retried_after_a_pause(crawled):
    fx, _, first, _, hits, _, _ = crawled
    assert hits["/news/2025/03/31/autorite-apple-att-fine.html"] == 2
    assert hits["/news/2025/12/18/japan-smartphone-act-full-effect.html"] == 2
    assert hits["/news/2025/01/07/removed-story.html"] == 1  # a 404 is not retried
    assert "http-404" in " ".join(first.source("fx-rss2")["errors"])


def test_the_429_retry_waited_for_retry_after(tmp_path):
    with serve_fixture_site() as fx:
        sources = tmp_path / "sources.toml"
        sources.write_text(fx.sources_text().split("[[source]]\nname = \"fx-rdf\"")[0], encoding="utf-8")
        run = run_crawler(crawl_options(tmp_path, sources))
        assert run.returncode == 0
        times = [r.at for r in fx.site.requests if r.path == "/news/2025/12/18/japan-smartphone-act-full-effect.html"]
        assert len(times) == 2 and times[1] - times[0] >= 0.9  # Retry-After: 1


def test_size_caps_hold_on_the_wire_and_after_decompression(crawled):
    _, _, first, _, hits, _, _ = crawled
    assert first.source("fx-section")["drops"]["too-large"] == 2
    assert hits["/news/2025/05/05/oversized.html"] == 1 and hits["/news/2025/05/06/compressed.html"] == 1


def test_bombs_malformed_feeds_and_dead_hosts_fail_their_source_only(crawled):
    _, _, first, _, _, _, _ = crawled
    reasons = {name: first.source(name)["reason"] for name in ("fx-xml-bomb", "fx-malformed", "fx-dead")}
    assert "entity declarations" in reasons["fx-xml-bomb"]
    assert "malformed XML" in reasons["fx-malformed"]
    assert "connection-refused" in reasons["fx-dead"]
    for name in ("fx-rss2", "fx-rdf", "fx-atom", "fx-sitemap", "fx-section", "fx-archive"):
        assert first.source(name)["status"] == "ok"


def test_endless_pagination_ends_at_the_depth_cap(crawled):
    _, options, first, _, hits, _, _ = crawled
    archive_pages = [p for p in hits if p.startswith("/archive/")]
    assert len(archive_pages) == options.max_depth + 1
    assert first.source("fx-archive")["drops"]["depth-cap"] == 1


def test_the_section_source_reports_what_it_left_out(crawled):
    _, _, first, _, _, _, _ = crawled
    drops = first.source("fx-section")["drops"]
    assert drops["private-address"] == 4  # 127.0.0.2, 127.0.0.1:other port, localhost, the redirect
    assert drops["duplicate"] >= 1  # the AMP copy (or the original, whichever came second)
    assert any(k.startswith("not-an-article:") for k in drops)  # the video page


def test_the_log_shows_progress_and_a_summary_line(crawled):
    _, _, first, _, _, _, _ = crawled
    assert "[crawler.progress] INFO: progress:" in first.stderr
    assert "crawl finished: 10 sources (4 failed)" in first.stderr


def test_a_second_run_fetches_no_article_again_and_gets_304s(crawled):
    fx, _, first, records, first_hits, second, all_records = crawled
    assert all_records == records  # nothing new spooled
    second_hits = Counter(fx.site.paths())
    fetched_again = [p for p in second_hits if p.startswith("/news/") or p.startswith("/amp/")]
    assert fetched_again == []
    totals = second.summary["totals"]
    assert totals["items_written"] == 0 and totals["not_modified"] >= 6
    assert fx.site.hits("/feeds/rss2.xml", status=304) == 1
    assert fx.site.hits("/section/policy/", status=304) == 1
