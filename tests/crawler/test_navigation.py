"""Navigation: which links a feed, a sitemap or a section page yields, and which it leaves out."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from crawler.sources import parse_sources
from crawler.spiders.feed import feed_links
from crawler.spiders.pages import is_next_link, page_links
from crawler.spiders.sitemap import sitemap_links

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BASE = "http://news.test"
NOW = datetime(2026, 1, 15, tzinfo=timezone.utc)
VARS = {"{{BASE}}": BASE, "{{TRAP}}": "http://127.0.0.2:9", "{{TRAP_PORT}}": "http://127.0.0.1:9",
        "{{LOCALHOST}}": "http://localhost:9"}


def fixture(name: str) -> bytes:
    text = (SITE / name).read_text(encoding="utf-8")
    for k, v in VARS.items():
        text = text.replace(k, v)
    return text.encode("utf-8")


def source(kind="feed", allow=(), deny=(), domains=("news.test",), language="en"):
    return parse_sources({"source": [{"name": "s", "kind": kind, "urls": [BASE + "/start"],
                                      "allowed_domains": list(domains), "allow": list(allow),
                                      "deny": list(deny), "language": language}]})[0]


def test_feed_links_are_normalised_filtered_and_carry_hints():
    listing = feed_links(fixture("feeds/rss2.xml"), BASE + "/feeds/rss2.xml",
                         source(allow=[r"/news/\d{4}/"]), NOW, None)
    urls = [link.url for link in listing.links]
    assert urls[0] == BASE + "/news/2025/03/19/ec-apple-interoperability-decisions.html"  # utm_* and #top gone
    assert BASE + "/members/2025/02/exclusive-interview.html" not in urls  # not matching allow
    first = listing.links[0]
    assert first.hints.title == "Commission tells Apple how to open iOS to rival devices"
    assert first.hints.author == "Maren Falk" and first.hints.language == "en"
    assert first.lastmod == "2025-03-19T13:05:00+00:00"
    assert listing.drops == {"not-matching": 1, "offsite": 1}


def test_feed_entries_older_than_the_age_limit_are_left_out():
    listing = feed_links(fixture("feeds/rss2.xml"), BASE, source(allow=[r"/news/"]), NOW, max_age_days=365)
    assert {link.url.rsplit("/", 1)[1] for link in listing.links} == {
        "ec-apple-interoperability-decisions.html", "autorite-apple-att-fine.html",
        "japan-smartphone-act-full-effect.html"}
    assert listing.drops["too-old"] == 3  # before 2025-01-15


def test_sitemap_index_yields_child_sitemaps_within_age_and_depth():
    src = source("sitemap")
    listing = sitemap_links(fixture("sitemap_index.xml"), BASE, src, NOW, 3650, depth=0, max_depth=3,
                            max_bytes=10**7)
    assert [(link.url, link.role) for link in listing.links] == [
        (BASE + "/sitemaps/news.xml", "index"), (BASE + "/sitemaps/archive.xml.gz", "index")]
    assert listing.drops == {"too-old": 1}
    capped = sitemap_links(fixture("sitemap_index.xml"), BASE, src, NOW, None, depth=3, max_depth=3,
                           max_bytes=10**7)
    assert capped.links == () and capped.drops == {"depth-cap": 3}


def test_news_sitemap_urls_carry_title_date_and_language_hints():
    listing = sitemap_links(fixture("sitemaps/news.xml"), BASE, source("sitemap", language=None), NOW, None,
                            depth=1, max_depth=3, max_bytes=10**7)
    dma = listing.links[0]
    assert dma.role == "article"
    assert dma.hints.title == "Commission fines Apple and Meta under the Digital Markets Act"
    assert dma.hints.published == "2025-04-23T12:00:00+02:00" and dma.hints.language == "en"
    assert dma.lastmod == "2025-04-23T12:00:00+02:00"


def section(depth=0, max_depth=3, **kw):
    src = source("pages", allow=[r"/news/\d{4}/", "/amp/news/", "/go/"], deny=["/tag/"],
                 domains=kw.pop("domains", ("news.test", "127.0.0.2", "localhost")))
    return page_links(fixture("section/policy/index.html"), BASE + "/section/policy/", src, depth=depth,
                      max_depth=max_depth)


def test_section_page_articles_follow_the_patterns_and_the_next_page_is_an_index():
    listing = section()
    articles = [link.url for link in listing.links if link.role == "article"]
    nexts = [link.url for link in listing.links if link.role == "index"]
    assert BASE + "/news/2025/03/19/ec-apple-interoperability-decisions.html" in articles
    assert BASE + "/amp/news/2025/03/19/ec-apple-interoperability-decisions.html" in articles
    assert BASE + "/go/elsewhere" in articles
    assert "http://127.0.0.2:9/news/2025/06/01/inside-job.html" in articles  # the middleware refuses it
    assert not any("/tag/" in u or "/login" in u or "/section/china" in u for u in articles)
    assert not any(u.startswith(("file:", "mailto:", "javascript:")) for u in articles)
    assert nexts == [BASE + "/section/policy/page/2.html"]
    assert listing.drops == {"offsite": 2, "denied": 1}  # 127.0.0.1:9 and elsewhere.example.org; /tag/


def test_pagination_stops_at_the_depth_cap():
    listing = section(depth=3, max_depth=3)
    assert all(link.role == "article" for link in listing.links)
    assert listing.drops["depth-cap"] == 1


@pytest.mark.parametrize("url, text, rel, expected", [
    ("http://x/a", "Whatever", "next", True),
    ("http://x/a", "Older stories »", "", True),
    ("http://x/a", "Next page", "", True),
    ("http://x/a", "Weiter", "", True),
    ("http://x/archive?page=3", "3", "", True),
    ("http://x/blog/page/4/", "4", "", True),
    ("http://x/news/2025/next-steps-for-the-dma", "Next steps for the DMA", "", False),
    ("http://x/news/2025/a", "The more things change", "", False),
])
def test_next_page_links_are_recognised(url, text, rel, expected):
    assert is_next_link(url, text, rel) is expected


@pytest.mark.parametrize("html", [b"", b"   ", b"\x00\x01binary", "<p>no links</p>"])
def test_a_page_without_links_gives_nothing(html):
    assert page_links(html, BASE, source("pages"), depth=0, max_depth=3).links == ()
