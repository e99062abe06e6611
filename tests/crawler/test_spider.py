"""The spider's navigation with HtmlResponse objects: requests planned, 304s, caps, failures."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.failures import Blocked
from crawler.pipelines import FetchedPage

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BASE = "http://news.test"
FEED = {"name": "feed", "kind": "feed", "urls": [BASE + "/feeds/rss2.xml"], "allowed_domains": ["news.test"],
        "allow": [r"/news/\d{4}/"], "language": "en"}
PAGES = {"name": "pages", "kind": "pages", "urls": [BASE + "/section/policy/"], "allowed_domains": ["news.test"],
         "allow": [r"/news/\d{4}/"]}


VARS = {"{{BASE}}": BASE, "{{TRAP}}": "http://127.0.0.2:9", "{{TRAP_PORT}}": "http://127.0.0.1:9",
        "{{LOCALHOST}}": "http://localhost:9"}


def fixture(name: str) -> bytes:
    text = (SITE / name).read_text(encoding="utf-8")
    for k, v in VARS.items():
        text = text.replace(k, v)
    return text.encode("utf-8")


def start_request(spider, source: str) -> Request:
    (request,) = [spider._request(p, start=True)
                  for p in spider.frontier.start_urls(source, spider.sources[source].urls, spider.clock())]
    return request


def respond(request: Request, body: bytes = b"", status: int = 200, cls=HtmlResponse, headers=None) -> Response:
    return cls(request.url, status=status, body=body, request=request, headers=headers or {})


def test_a_feed_yields_article_requests_with_hints_and_records_its_validators(spider_for):
    spider = spider_for(FEED)
    request = start_request(spider, "feed")
    assert request.priority > 0 and request.meta["iw_role"] == "index" and request.dont_filter
    out = list(spider.parse_listing(respond(request, fixture("feeds/rss2.xml"), cls=XmlResponse,
                                            headers={"ETag": '"v1"'})))
    urls = [r.url for r in out]
    assert BASE + "/news/2025/03/19/ec-apple-interoperability-decisions.html" in urls
    assert len(urls) == 6  # of 8 items: one not matching allow, one offsite
    first = out[0]
    assert first.callback == spider.parse_article and first.errback == spider.on_error
    assert first.meta["iw_hints"].author == "Maren Falk" and first.meta["iw_depth"] == 1
    assert 304 in first.meta["handle_httpstatus_list"]
    tally = spider.tallies["feed"]
    assert tally.pages_fetched == 1 and tally.start_ok == 1 and tally.drops == {"not-matching": 1, "offsite": 1}
    assert spider.frontier.validators(BASE + "/feeds/rss2.xml") == ('"v1"', None)
    assert spider.frontier.row(urls[0]).state == "pending"
    # next run: the feed is asked conditionally
    again = start_request(spider, "feed")
    assert again.headers.get("If-None-Match") == b'"v1"'


def test_a_304_listing_is_counted_and_yields_nothing(spider_for):
    spider = spider_for(FEED)
    request = start_request(spider, "feed")
    assert list(spider.parse_listing(respond(request, status=304))) == []
    tally = spider.tallies["feed"]
    assert tally.not_modified == 1 and tally.pages_fetched == 0 and not tally.failed


SITEMAP = {"name": "sitemap", "kind": "sitemap", "urls": [BASE + "/sitemap_index.xml"],
           "allowed_domains": ["news.test"], "allow": [r"/news/\d{4}/"]}


def test_a_304_sitemap_index_still_asks_for_its_child_sitemaps_conditionally(spider_for):
    spider = spider_for(SITEMAP)
    first = list(spider.parse_listing(respond(start_request(spider, "sitemap"), fixture("sitemap_index.xml"),
                                              cls=XmlResponse)))
    children = [r.url for r in first]
    assert BASE + "/sitemaps/news.xml" in children and len(children) == 3
    for request in first:  # each child answered once, with validators
        spider.frontier.mark_done(request.url, source="sitemap", now=spider.clock(), outcome="listing",
                                  role="index", etag=f'"{request.url[-8:]}"')
    # next run: the index has not changed, its children may have
    spider.scheduled.clear()
    again = list(spider.parse_listing(respond(start_request(spider, "sitemap"), status=304)))
    assert [r.url for r in again] == children
    assert all(r.meta["iw_role"] == "index" and r.headers.get("If-None-Match") for r in again)


def test_a_304_section_page_does_not_follow_its_next_pages(spider_for):
    spider = spider_for(PAGES)
    first = list(spider.parse_listing(respond(start_request(spider, "pages"), fixture("section/policy/index.html"))))
    assert any(r.meta["iw_role"] == "index" for r in first)  # page 2
    spider.scheduled.clear()
    assert list(spider.parse_listing(respond(start_request(spider, "pages"), status=304))) == []


def test_a_malformed_start_feed_fails_the_source_with_its_reason(spider_for):
    spider = spider_for(FEED)
    request = start_request(spider, "feed")
    assert list(spider.parse_listing(respond(request, fixture("feeds/broken.xml"), cls=XmlResponse))) == []
    result = spider.tallies["feed"].to_dict()
    assert result["status"] == "failed" and "malformed feed: malformed XML" in result["reason"]


def test_the_page_cap_defers_the_rest_to_the_next_run(spider_for):
    spider = spider_for({**FEED, "max_pages": 3})
    request = start_request(spider, "feed")
    out = list(spider.parse_listing(respond(request, fixture("feeds/rss2.xml"), cls=XmlResponse)))
    assert len(out) == 2  # the feed itself used one request of three
    assert spider.tallies["feed"].drops["page-cap"] == 4
    assert spider.frontier.counts("feed")[("article", "found")] == 4


def test_a_section_page_whose_articles_are_all_known_ends_its_pagination(spider_for):
    spider = spider_for(PAGES)
    body = fixture("section/policy/index.html")
    first = list(spider.parse_listing(respond(start_request(spider, "pages"), body)))
    assert BASE + "/section/policy/page/2.html" in [r.url for r in first]
    for r in first:
        if r.meta["iw_role"] == "article":
            spider.frontier.mark_done(r.url, source="pages", now=spider.clock(), outcome="spooled", content_hash="h")
    spider.scheduled.clear()  # a later run
    second = list(spider.parse_listing(respond(start_request(spider, "pages"), body)))
    assert second == []


def test_an_article_response_becomes_a_fetched_page(spider_for):
    spider = spider_for(FEED)
    out = list(spider.parse_listing(respond(start_request(spider, "feed"), fixture("feeds/rss2.xml"),
                                            cls=XmlResponse)))
    request = out[0]
    request.meta["redirect_urls"] = [request.url, BASE + "/hop"]
    final = BASE + "/news/2025/03/19/final.html"
    response = HtmlResponse(final, body=b"<html>x</html>", request=request,
                            headers={"Content-Type": "text/html; charset=ISO-8859-1", "ETag": '"a1"'})
    (page,) = list(spider.parse_article(response))
    assert isinstance(page, FetchedPage)
    assert page.frontier_url == request.url and page.url == final
    assert page.header_encoding == "cp1252"  # what browsers mean by iso-8859-1
    assert page.also == (BASE + "/hop", final) and page.etag == '"a1"'
    assert page.hints.title == "Commission tells Apple how to open iOS to rival devices"
    assert page.hints.fetched_at == spider.clock().isoformat()


def test_a_304_article_is_done_without_an_item(spider_for):
    spider = spider_for(FEED)
    request = list(spider.parse_listing(respond(start_request(spider, "feed"), fixture("feeds/rss2.xml"),
                                                cls=XmlResponse)))[0]
    assert list(spider.parse_article(respond(request, status=304))) == []
    assert spider.frontier.row(request.url).state == "done" and spider.tallies["feed"].not_modified == 1


def test_failures_are_counted_as_errors_or_drops_and_recorded(spider_for):
    spider = spider_for(FEED)
    a, b, c = list(spider.parse_listing(respond(start_request(spider, "feed"), fixture("feeds/rss2.xml"),
                                                cls=XmlResponse)))[:3]
    f404 = Failure(HttpError(respond(a, status=404)))
    f404.request = a
    spider.on_error(f404)
    robots = Failure(Blocked("robots", b.url))
    robots.request = b
    spider.on_error(robots)
    known = Failure(Blocked("already-fetched", c.url))
    known.request = c
    spider.on_error(known)
    tally = spider.tallies["feed"]
    assert tally.errors == [f"{a.url}: http-404"] and tally.drops == {
        "not-matching": 1, "offsite": 1, "robots": 1, "duplicate": 1}
    assert spider.frontier.row(a.url).state == "failed" and spider.frontier.row(a.url).attempts == 3
    assert spider.frontier.row(c.url).state == "done"
