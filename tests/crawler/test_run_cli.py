"""`python -m crawler.run` as the pipeline runs it: input errors, one source, caps carried over,
re-checks, and one crawl per frontier."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crawler.frontier import Frontier
from tests.crawler.conftest import REPO, crawl_options, run_crawler, spooled
from tests.support.site_builder import ArticleSpec, render_article
from tests.support.site_server import SiteServer

pytestmark = pytest.mark.slow


def run_raw(options_json: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.run", "--options-json", options_json],
                          cwd=REPO, capture_output=True, text=True, timeout=60)


def test_an_invalid_sources_file_stops_the_crawl_with_a_precise_message(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "x"\nkind = "rss"\nurls = ["https://a.org/f"]\n'
                       'allowed_domains = ["a.org"]\n', encoding="utf-8")
    options = crawl_options(tmp_path, sources)
    proc = run_raw(options.to_json())
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"crawler: {sources}: source 'x' (#1): key 'kind': "
                                   "must be one of feed, sitemap, pages, got 'rss'")
    assert not options.summary_path.exists() and not options.spool_dir.exists()


@pytest.mark.parametrize("change, message", [
    ({"concurrency_per_domain": 8}, "concurrency_per_domain must be an integer from 1 to 2, got 8"),
    ({"max_page_bytes": -1}, "max_page_bytes must be a positive integer"),
    ({"now": "tomorrow"}, "now must be an ISO 8601 datetime"),
    ({"colour": "blue"}, "unknown option 'colour'"),
])
def test_bad_options_are_refused_by_name(tmp_path, change, message):
    raw = json.loads(crawl_options(tmp_path, tmp_path / "s.toml").to_json())
    proc = run_raw(json.dumps({**raw, **change}))
    assert proc.returncode == 2 and message in proc.stderr


def test_only_source_crawls_that_source_alone(tmp_path, fixture_site):
    sources = fixture_site.write_sources(tmp_path / "sources.toml")
    run = run_crawler(crawl_options(tmp_path, sources, only_source="fx-rdf"))
    assert run.returncode == 0
    assert [s["name"] for s in run.summary["sources"]] == ["fx-rdf"]
    assert set(fixture_site.site.paths()) == {"/robots.txt", "/feeds/rdf.xml", "/news/2021/09/13/miit-link-blocking.html"}
    unknown = run_raw(crawl_options(tmp_path, sources, only_source="nope").to_json())
    assert unknown.returncode == 2 and "no source named 'nope'" in unknown.stderr


def test_the_page_cap_carries_the_rest_over_to_the_next_runs(tmp_path, fixture_site):
    text = fixture_site.sources_text().split('[[source]]\nname = "fx-rdf"')[0] + "max_pages = 3\n"
    sources = tmp_path / "sources.toml"
    sources.write_text(text, encoding="utf-8")
    options = crawl_options(tmp_path, sources)
    counts = []
    for _ in range(4):
        run = run_crawler(options)
        assert run.returncode == 0
        counts.append(run.summary["totals"]["pages_fetched"] + run.summary["totals"]["not_modified"])
    assert max(counts) <= 3  # never more requests than the cap (robots.txt aside)
    articles = {r["url"] for r in spooled(options.spool_dir)}
    assert len(articles) == 5  # every article of the feed, over four runs
    bodies = [r.path for r in fixture_site.site.requests if r.status == 200 and r.path.startswith("/news/")]
    assert len(bodies) == len(set(bodies))


def test_per_domain_concurrency_holds_on_a_slow_site(tmp_path, fixture_site):
    fixture_site.site.delay = 0.1
    sources = fixture_site.write_sources(tmp_path / "sources.toml")
    assert run_crawler(crawl_options(tmp_path, sources, only_source="fx-section")).returncode == 0
    assert fixture_site.site.peak_in_flight == 2  # concurrency_per_domain


def test_a_second_crawl_on_the_same_frontier_is_refused(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "x"\nkind = "feed"\nurls = ["http://127.0.0.1:9/f"]\n'
                       'allowed_domains = ["127.0.0.1"]\n', encoding="utf-8")
    options = crawl_options(tmp_path, sources)
    held = Frontier(options.frontier_path)
    try:
        proc = run_raw(options.to_json())
    finally:
        held.close()
    assert proc.returncode == 3 and "in use by another crawl" in proc.stderr


def test_an_article_whose_feed_date_moves_is_rechecked_and_a_new_body_spooled(tmp_path):
    root = tmp_path / "site"
    spec = ArticleSpec(path="news/2025/06/01/story.html", title="Regulator opens a review", author="A. Writer",
                       published="2025-06-01T09:00:00+00:00", section="Policy", caption="A caption.",
                       paragraphs=tuple(f"Paragraph {i} about the review of app store rules and the rivals that "
                                        f"asked for access to the platform's payment features." for i in range(5)))
    (root / "news/2025/06/01").mkdir(parents=True)
    article = root / spec.path
    feed = root / "feed.xml"

    def publish(updated: str, spec: ArticleSpec) -> None:
        article.write_text(render_article(spec), encoding="utf-8")
        feed.write_text(f"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>{spec.title}</title><link href="{{{{BASE}}}}/{spec.path}"/><updated>{updated}</updated></entry></feed>""",
                        encoding="utf-8")

    publish("2025-06-01T09:00:00Z", spec)
    with SiteServer(root) as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "one"\nkind = "feed"\nurls = ["{site.base}/feed.xml"]\n'
                           f'allowed_domains = ["127.0.0.1"]\n', encoding="utf-8")
        options = crawl_options(tmp_path, sources)
        assert run_crawler(options).returncode == 0
        # the feed says the story changed, but the page is the same: a conditional request, a 304
        publish("2030-01-01T00:00:00Z", spec)
        site.clear_cache()
        site.reset_log()
        second = run_crawler(options)
        (recheck,) = [r for r in site.requests if r.path == "/" + spec.path]
        assert recheck.headers.get("If-None-Match") and recheck.status == 304
        assert second.summary["totals"]["not_modified"] == 1
        # the page really changed: a new version is spooled
        changed = ArticleSpec(**{**spec.__dict__, "paragraphs": spec.paragraphs + ("A correction was added.",)})
        publish("2031-01-01T00:00:00Z", changed)
        site.clear_cache()
        third = run_crawler(options)
        assert third.summary["totals"]["items_written"] == 1
    records = spooled(options.spool_dir)
    assert [r["url"] for r in records] == [f"{site.base}/{spec.path}"] * 2
    assert records[0]["content_hash"] != records[1]["content_hash"]
    assert "A correction was added." in records[1]["text"]
