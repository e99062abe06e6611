"""`interopwatch crawl` run again and again, as the daemon does, over a site that keeps
publishing: each run stores the new articles found on the section page, in the feed and in a child
sitemap, and fetches no stored article again; and the site's robots.txt Crawl-delay is kept."""

from __future__ import annotations

import sqlite3

import pytest

from tests.pipeline.conftest import run_cli
from tests.pipeline.test_crawl_cli import settings
from tests.support.live_site import LiveSite, live_spec
from tests.support.site_server import SiteServer

pytestmark = pytest.mark.slow


def test_repeated_crawls_store_the_new_articles_and_fetch_no_stored_one_again(tmp_path):
    site = LiveSite(tmp_path / "site")
    with SiteServer(site.root) as server:
        sources = site.write_sources(tmp_path / "sources.toml", server.base)
        first = run_cli(*settings(tmp_path), "crawl", "--sources", str(sources))
        assert first.returncode == 0, first.stderr
        assert "ingest: 5 new" in first.stdout
        old = {"/" + live_spec(n).path for n in range(1, 6)}

        new = [site.publish(live_spec(6), on=("section",)), site.publish(live_spec(7), on=("feed",)),
               site.publish(live_spec(8), on=("sitemap",))]
        server.clear_cache()
        server.reset_log()
        again = run_cli(*settings(tmp_path), "crawl", "--sources", str(sources))
        assert again.returncode == 0, again.stderr
        assert "ingest: 3 new, 0 updated" in again.stdout
        assert [r for r in server.requests if r.path in old] == []
        assert sorted(r.path for r in server.requests if r.path.startswith("/news/")) == sorted(new)
        conn = sqlite3.connect(tmp_path / "store.db")
        stored = {url for (url,) in conn.execute("SELECT url FROM articles")}
        conn.close()
        assert stored == {server.base + p for p in old | set(new)}


def test_crawl_keeps_a_sites_robots_txt_crawl_delay(tmp_path):
    site = LiveSite(tmp_path / "site")
    (site.root / "robots.txt").write_text("User-agent: *\nCrawl-delay: 1\n", encoding="utf-8")
    with SiteServer(site.root) as server:
        sources = site.write_sources(tmp_path / "sources.toml", server.base)
        # settings() turns the download delay and AutoThrottle off: only Crawl-delay spaces requests
        result = run_cli(*settings(tmp_path), "crawl", "--sources", str(sources), "--source", "live-feed")
        assert result.returncode == 0, result.stderr
        assert "ingest: 3 new" in result.stdout
        times = sorted(r.at for r in server.requests)
        assert len(times) == 5  # robots.txt, the feed, three articles
        assert min(b - a for a, b in zip(times, times[1:])) >= 0.95


def test_crawl_caps_a_long_crawl_delay_at_the_configured_maximum(tmp_path):
    site = LiveSite(tmp_path / "site")
    (site.root / "robots.txt").write_text("User-agent: *\nCrawl-delay: 600\n", encoding="utf-8")
    with SiteServer(site.root) as server:
        sources = site.write_sources(tmp_path / "sources.toml", server.base)
        result = run_cli(*settings(tmp_path), "-s", "crawler.max_crawl_delay=0.4", "crawl", "--sources", str(sources),
                         "--source", "live-feed")
        assert result.returncode == 0, result.stderr
        assert "ingest: 3 new" in result.stdout
        times = sorted(r.at for r in server.requests)
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert len(times) == 5 and min(gaps) >= 0.35 and max(gaps) < 10
