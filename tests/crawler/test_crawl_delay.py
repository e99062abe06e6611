"""robots.txt Crawl-delay: read for our user agent, capped, and kept between requests to the host
(measured on the server, with AutoThrottle on, which alone would shorten the delay)."""

from __future__ import annotations

import pytest
from scrapy.robotstxt import ProtegoRobotParser

from crawler.robots import crawl_delay
from tests.crawler.conftest import crawl_options, run_crawler
from tests.support.live_site import LiveSite
from tests.support.site_server import SiteServer


@pytest.mark.parametrize("robots, expected", [
    ("User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n", 2.0),
    ("User-agent: *\nCrawl-delay: 0.5\n", 0.5),
    ("User-agent: InteropWatch\nCrawl-delay: 7\n\nUser-agent: *\nCrawl-delay: 1\n", 7.0),  # our own group
    ("User-agent: OtherBot\nCrawl-delay: 9\n", None),  # not for us
    ("User-agent: *\nDisallow: /private/\n", None),
    ("User-agent: *\nCrawl-delay: 0\n", None),
    ("User-agent: *\nCrawl-delay: -3\n", None),
    ("User-agent: *\nCrawl-delay: soon\n", None),
    ("User-agent: *\nCrawl-delay: 3600\n", 3600.0),  # the cap is applied by the middleware
])
def test_the_crawl_delay_asked_of_our_user_agent(robots, expected):
    parser = ProtegoRobotParser(robots.encode(), None)
    assert crawl_delay(parser, "InteropWatch") == expected


def request_times(server: SiteServer) -> list[float]:
    return sorted(r.at for r in server.requests)


@pytest.mark.slow
@pytest.mark.parametrize("robots_delay, cap, least_gap", [("1", 30.0, 1.0), ("600", 0.5, 0.5)])
def test_requests_to_a_host_are_spaced_by_its_crawl_delay(tmp_path, robots_delay, cap, least_gap):
    site = LiveSite(tmp_path / "site")
    (site.root / "robots.txt").write_text(f"User-agent: *\nCrawl-delay: {robots_delay}\nDisallow: /private/\n")
    with SiteServer(site.root) as server:
        sources = site.write_sources(tmp_path / "sources.toml", server.base)
        options = crawl_options(tmp_path, sources, only_source="live-feed", autothrottle=True,
                                max_crawl_delay=cap)
        run = run_crawler(options)
        assert run.returncode == 0, run.stderr[-3000:]
        assert run.source("live-feed")["items_written"] == 3
        times = request_times(server)
        assert len(times) == 5  # robots.txt, the feed, three articles
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert min(gaps) >= least_gap - 0.05, gaps
        assert max(gaps) < least_gap + 1.0, gaps  # the capped delay is not the one asked for
        assert f"asks for Crawl-delay: {robots_delay}" in run.stderr
        assert ("(our cap)" in run.stderr) is (cap < float(robots_delay))
