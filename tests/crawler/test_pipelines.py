"""Pipelines: parse, drop duplicates and non-articles, spool, and only then mark done."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from crawler.parsing import PageHints
from crawler.pipelines import (
    DedupPipeline,
    Dropped,
    FetchedPage,
    FrontierPipeline,
    ParsedPage,
    ParsePipeline,
    SpoolPipeline,
)
from tests.crawler.conftest import NOW, fake_crawler

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BASE = "http://news.test"
SRC = {"name": "s", "kind": "feed", "urls": [BASE + "/feed"], "allowed_domains": ["news.test"]}
ARTICLE = "news/2025/03/18/bgh-apple-section-19a.html"


def page(path: str, *, url: str | None = None, recheck: bool = False, encoding: str | None = None) -> FetchedPage:
    body = (SITE / path).read_bytes().replace(b"{{BASE}}", BASE.encode())
    target = url or f"{BASE}/{path}"
    return FetchedPage(source="s", frontier_url=target, url=target, body=body, header_encoding=encoding,
                       hints=PageHints(fetched_at=NOW.isoformat()), etag='"e"', last_modified=None,
                       fetched_at=NOW, recheck=recheck)


def settle(result):
    return asyncio.run(result) if inspect.isawaitable(result) else result


@pytest.fixture
def chain(spider_for):
    spider = spider_for(SRC)
    crawler = fake_crawler(spider)
    stages = [ParsePipeline(crawler), DedupPipeline(crawler), SpoolPipeline(crawler), FrontierPipeline(crawler)]

    def run(item):
        try:
            for stage in stages:
                item = settle(stage.process_item(item))
        except Dropped as e:
            stages[-1].item_dropped(item, None, e)
            return e.reason
        return item

    run.spider = spider
    return run


def test_an_article_is_parsed_spooled_then_marked_done(chain):
    spider = chain.spider
    item = page(ARTICLE, encoding="cp1252")  # the header lies: the bytes are UTF-8
    spider.frontier.plan_listing("s", [], depth=1, budget=1, scheduled=set(), now=NOW)
    result = chain(item)
    assert isinstance(result, ParsedPage)
    assert result.article.url == f"{BASE}/{ARTICLE}" and "Präsident" in result.article.text
    (line,) = spider.spool.path.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["url"] == result.article.url and record["source"] == "s" and record["etag"] == '"e"'
    assert record["content_hash"] == result.content_hash
    assert spider.frontier.is_done(item.frontier_url)
    assert spider.frontier.canonical_hash(result.article.url) == result.content_hash
    assert spider.tallies["s"].items_written == 1


def test_the_same_canonical_article_is_spooled_once(chain):
    first = chain(page("news/2025/03/19/ec-apple-interoperability-decisions.html"))
    amp = chain(page("amp/news/2025/03/19/ec-apple-interoperability-decisions.html"))
    assert isinstance(first, ParsedPage) and amp == "duplicate"
    assert len(chain.spider.spool.path.read_text().splitlines()) == 1
    assert chain.spider.frontier.row(f"{BASE}/amp/news/2025/03/19/ec-apple-interoperability-decisions.html").state == "done"


def test_a_recheck_with_the_same_body_is_unchanged(chain):
    assert isinstance(chain(page(ARTICLE)), ParsedPage)
    later = DedupPipeline(fake_crawler(chain.spider))  # a later run: no in-run claims
    parsed = settle(ParsePipeline(fake_crawler(chain.spider)).process_item(page(ARTICLE, recheck=True)))
    with pytest.raises(Dropped, match="unchanged"):
        later.process_item(parsed)


def test_a_page_that_is_not_an_article_is_dropped_with_the_parsers_reason(chain):
    reason = chain(page("news/2025/06/02/video-briefing.html"))
    assert reason.startswith("not-an-article:")
    assert chain.spider.tallies["s"].drops == {reason: 1}
    assert chain.spider.frontier.row(f"{BASE}/news/2025/06/02/video-briefing.html").state == "done"
    assert chain.spider.spool.written == 0


def test_a_parser_crash_is_an_error_not_a_lost_page(chain, monkeypatch):
    import crawler.pipelines

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(crawler.pipelines, "parse_page", boom)
    assert chain(page(ARTICLE)) == "parse-error"
    assert chain.spider.tallies["s"].error_count == 1 and "RuntimeError: bug" in chain.spider.tallies["s"].errors[0]


def test_parse_workers_in_other_processes_give_the_same_article(spider_for):
    crawler = fake_crawler(spider_for(SRC))
    in_process = settle(ParsePipeline(crawler).process_item(page(ARTICLE)))
    pooled = ParsePipeline(crawler, workers=1)
    try:
        pooled._start_pool()
        assert pooled.ready.result(timeout=60) != os.getpid()  # a worker process is up
        in_worker = settle(pooled.process_item(page(ARTICLE)))
        assert pooled.pool is not None  # it parsed there, no fallback
    finally:
        pooled.close()
    assert in_worker == in_process


def test_pages_that_come_before_the_worker_is_up_are_parsed_in_the_crawl_process(spider_for):
    crawler = fake_crawler(spider_for(SRC))
    pooled = ParsePipeline(crawler, workers=1)
    try:
        first = settle(pooled.process_item(page(ARTICLE)))  # the worker is still starting
        assert isinstance(first, ParsedPage) and first.article.title
        assert pooled.pool is not None  # started, for the pages to come
    finally:
        pooled.close()


def test_the_workers_start_with_the_first_new_article_request_not_with_listings_or_rechecks(spider_for):
    crawler = fake_crawler(spider_for(SRC))
    crawler.signals.disconnect = lambda *a, **k: None
    pooled = ParsePipeline(crawler, workers=1)
    try:
        pooled.request_scheduled(SimpleNamespace(meta={"iw_role": "index"}))
        pooled.request_scheduled(SimpleNamespace(meta={"iw_role": "article", "iw_recheck": True}))  # mostly 304s
        assert pooled.pool is None
        pooled.request_scheduled(SimpleNamespace(meta={"iw_role": "article"}))
        assert pooled.pool is not None
    finally:
        pooled.close()
