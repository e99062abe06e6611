"""Repeated crawls of a site that keeps publishing (the daemon runs the crawl every N minutes):
every run asks again for the feeds, sitemaps and section pages, conditionally, and finds the new
articles; an article fetched once is not fetched again."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.crawler.conftest import crawl_options, run_crawler, spooled
from tests.support.live_site import LiveSite, live_spec
from tests.support.site_server import SiteServer

pytestmark = pytest.mark.slow
LISTINGS = ("/section/live/", "/section/live/page/2.html", "/feeds/live.xml", "/sitemap_index.xml",
            "/sitemaps/live.xml")


def fetched(server: SiteServer) -> Counter:
    """Path -> number of 200 answers (robots.txt aside)."""
    return Counter(r.path for r in server.requests if r.status == 200 and r.path != "/robots.txt")


def test_each_run_rechecks_every_listing_and_fetches_only_the_new_articles(tmp_path):
    site = LiveSite(tmp_path / "site")
    with SiteServer(site.root) as server:
        options = crawl_options(tmp_path, site.write_sources(tmp_path / "sources.toml", server.base))
        first = run_crawler(options)
        assert first.returncode == 0, first.stderr[-3000:]
        assert len({r["url"] for r in spooled(options.spool_dir)}) == 5

        # nothing new: every listing is asked again, conditionally, and answers 304
        server.reset_log()
        second = run_crawler(options)
        assert second.returncode == 0, second.stderr[-3000:]
        assert fetched(server) == Counter(), fetched(server)
        conditional = {r.path for r in server.requests if "If-None-Match" in r.headers}
        assert {"/section/live/", "/feeds/live.xml", "/sitemap_index.xml", "/sitemaps/live.xml"} <= conditional

        # one new story on each kind of listing only
        on_section = site.publish(live_spec(6), on=("section",))
        in_feed = site.publish(live_spec(7), on=("feed",))
        in_sitemap = site.publish(live_spec(8), on=("sitemap",))  # the sitemap index does not change
        server.clear_cache()
        server.reset_log()
        third = run_crawler(options)
        assert third.returncode == 0, third.stderr[-3000:]
        hits = fetched(server)
        asked = Counter(r.path for r in server.requests if r.path not in LISTINGS and r.path != "/robots.txt")
        assert asked == {on_section: 1, in_feed: 1, in_sitemap: 1}  # no older article, not even conditionally
        assert all(hits[p] == 1 for p in asked)
        assert hits["/section/live/"] == 1 and hits["/feeds/live.xml"] == 1 and hits["/sitemaps/live.xml"] == 1
        assert server.hits("/sitemap_index.xml", status=304) == 1
        records = spooled(options.spool_dir)
        assert len(records) == 8 and len({r["url"] for r in records}) == 8
        assert {r["url"] for r in records[5:]} == {server.base + p for p in (on_section, in_feed, in_sitemap)}
