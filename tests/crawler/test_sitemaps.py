"""Sitemaps: index, urlset, Google News, gzipped; bombs refused."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crawler.errors import FeedError
from crawler.sitemaps import parse_sitemap
from crawler.xmlsafe import gunzip_capped

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BASE = "http://news.test"


def fixture(name: str) -> bytes:
    return (SITE / name).read_text(encoding="utf-8").replace("{{BASE}}", BASE).encode("utf-8")


def test_a_sitemap_index_lists_child_sitemaps_with_lastmod():
    sitemap = parse_sitemap(fixture("sitemap_index.xml"), BASE, 10_000_000)
    assert sitemap.kind == "index"
    assert [(e.url, e.lastmod) for e in sitemap.entries] == [
        (f"{BASE}/sitemaps/news.xml", "2025-12-18T10:00:00+00:00"),
        (f"{BASE}/sitemaps/archive.xml.gz", "2025-01-01"),
        (f"{BASE}/sitemaps/2009.xml", "2009-06-30"),
    ]


def test_a_google_news_sitemap_gives_title_date_and_language():
    dma, bgh = parse_sitemap(fixture("sitemaps/news.xml"), BASE, 10_000_000).entries
    assert dma.url == f"{BASE}/news/2025/04/23/dma-fines-apple-meta.html"
    assert dma.title == "Commission fines Apple and Meta under the Digital Markets Act"
    assert dma.published == "2025-04-23T12:00:00+02:00" and dma.language == "en" and dma.lastmod is None
    assert bgh.lastmod == "2025-03-18T16:45:00+01:00"


def test_a_gzipped_sitemap_is_decompressed():
    body = gzip.compress(fixture("sitemaps/archive.xml"))
    sitemap = parse_sitemap(body, BASE, 10_000_000)
    assert sitemap.kind == "urlset" and len(sitemap.entries) == 3


def test_a_gzip_bomb_sitemap_stops_at_the_limit():
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    assert len(bomb) < 10_000
    with pytest.raises(FeedError, match="over the size limit"):
        parse_sitemap(bomb, BASE, 1_000_000)


def test_gunzip_reads_every_member_and_refuses_truncation():
    data = gzip.compress(b"one ") + gzip.compress(b"two")
    assert gunzip_capped(data, 100) == b"one two"
    with pytest.raises(FeedError, match="truncated"):
        gunzip_capped(data[:-12], 100)


@pytest.mark.parametrize("body, message", [
    (b"<rss><channel/></rss>", "not a sitemap"),
    (b"<urlset><url><loc>x</loc>", "malformed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaa">]><urlset>&a;</urlset>', "entity declarations"),
])
def test_what_is_not_a_readable_sitemap_raises_feed_error(body, message):
    with pytest.raises(FeedError, match=message):
        parse_sitemap(body, BASE, 1_000_000)
