"""Middlewares: retry delays, the safety gate, the frontier guard, robots.txt answers."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from scrapy import Request

from crawler.failures import Blocked, classify
from crawler.middlewares import FrontierGuardMiddleware, SafetyMiddleware, retry_delay
from crawler.settings import crawl_settings, product_token
from tests.crawler.conftest import NOW, fake_crawler

SRC = {"name": "s", "kind": "pages", "urls": ["http://127.0.0.1:8123/section/"],
       "allowed_domains": ["127.0.0.1", "127.0.0.2", "example.org"]}


@pytest.mark.parametrize("attempt, retry_after, expected", [
    (1, None, 1.0), (2, None, 2.0), (3, None, 4.0), (10, None, 30.0),  # capped
    (1, "7", 7.0), (1, "120", 30.0),  # Retry-After seconds, capped
    (1, "Wed, 01 Jan 2025 00:00:20 GMT", 20.0),  # Retry-After date
    (2, "Wed, 01 Jan 2025 00:00:00 GMT", 0.0),  # a date in the past: no wait
    (2, "soon", 2.0),  # unreadable: backoff
])
def test_retry_delay_honours_retry_after_and_backs_off(attempt, retry_after, expected):
    now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    assert retry_delay(attempt, 1.0, 30.0, retry_after, now) == expected


def gate(spider_for):
    spider = spider_for(SRC)
    return SafetyMiddleware(fake_crawler(spider))


def request(url: str, **meta) -> Request:
    return Request(url, meta={"iw_source": "s", "iw_role": "article", **meta})


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:8124/news/1", "private-address"),
    ("http://127.0.0.2:8123/news/1", "private-address"),
    ("http://10.0.0.1/news/1", "offsite"),
    ("file:///etc/passwd", "unsafe-scheme"),
    ("https://evil.example.net/", "offsite"),
])
def test_the_safety_gate_refuses_with_a_reason(spider_for, url, reason):
    with pytest.raises(Blocked) as err:
        asyncio.run(gate(spider_for).process_request(request(url)))
    assert err.value.reason == reason and classify(err.value).drop


def test_the_sources_own_host_passes_and_is_then_open_to_robots_txt(spider_for):
    mw = gate(spider_for)
    robots = Request("http://127.0.0.1:8123/robots.txt", meta={"dont_obey_robotstxt": True})
    with pytest.raises(Blocked, match="unapproved-host"):
        asyncio.run(mw.process_request(robots))
    assert asyncio.run(mw.process_request(request("http://127.0.0.1:8123/news/1"))) is None
    assert asyncio.run(mw.process_request(robots)) is None
    other = Request("http://127.0.0.2:8123/robots.txt", meta={"dont_obey_robotstxt": True})
    with pytest.raises(Blocked):
        asyncio.run(mw.process_request(other))


def test_the_frontier_guard_skips_done_pages_and_known_canonicals(spider_for):
    spider = spider_for(SRC)
    guard = FrontierGuardMiddleware(fake_crawler(spider))
    spider.frontier.mark_done("http://127.0.0.1:8123/a", source="s", now=NOW, outcome="spooled",
                              content_hash="h", canonical_url="http://127.0.0.1:8123/canonical")
    with pytest.raises(Blocked, match="already-fetched"):
        guard.process_request(request("http://127.0.0.1:8123/a"))
    with pytest.raises(Blocked, match="already-fetched"):
        guard.process_request(request("http://127.0.0.1:8123/canonical"))
    assert guard.process_request(request("http://127.0.0.1:8123/new")) is None
    assert guard.process_request(request("http://127.0.0.1:8123/a", iw_role="index")) is None
    assert guard.process_request(request("http://127.0.0.1:8123/canonical", iw_recheck=True)) is None


def test_settings_are_polite_and_safe(tmp_path):
    from crawler.options import CrawlOptions
    from crawler.sources import parse_sources

    options = CrawlOptions(tmp_path, tmp_path, tmp_path / "f.db", tmp_path / "s.json",
                           user_agent="InteropWatch/1.0 (+https://example.org/bot)")
    settings = crawl_settings(options, parse_sources({"source": [SRC]}))
    assert settings["ROBOTSTXT_OBEY"] and settings["AUTOTHROTTLE_ENABLED"]
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 2 and settings["DOWNLOAD_DELAY"] == 1.0
    assert settings["USER_AGENT"] == "InteropWatch/1.0 (+https://example.org/bot)"
    assert settings["ROBOTSTXT_USER_AGENT"] == "InteropWatch"
    assert settings["DOWNLOAD_HANDLERS"] == {"file": None, "data": None, "s3": None, "ftp": None}
    assert settings["TELNETCONSOLE_ENABLED"] is False and settings["REMOTE_CONTROL_ENABLED"] is False
    assert settings["DOWNLOAD_MAXSIZE"] == options.max_page_bytes
    assert settings["INTEROPWATCH_EXEMPT_HOSTS"] == ["127.0.0.1"]
    assert product_token("") == "InteropWatch"
