"""Feeds in every shape -> entries; bombs and broken feeds refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.errors import FeedError
from crawler.dates import parse_instant, to_iso
from crawler.feeds import parse_feed

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BASE = "http://news.test"


def fixture(name: str) -> bytes:
    return (SITE / name).read_text(encoding="utf-8").replace("{{BASE}}", BASE).encode("utf-8")


def test_rss2_items_give_links_titles_dates_and_authors():
    feed = parse_feed(fixture("feeds/rss2.xml"), f"{BASE}/feeds/rss2.xml")
    assert feed.format == "rss" and feed.language == "en"
    first, second, third = feed.entries[:3]
    assert first.url == f"{BASE}/news/2025/03/19/ec-apple-interoperability-decisions.html?utm_source=rss&utm_medium=feed#top"
    assert first.title == "Commission tells Apple how to open iOS to rival devices"
    assert first.published == "2025-03-19T13:05:00+00:00" and first.author == "Maren Falk"
    assert second.title == "Brussels accepts Apple's offer to open the iPhone's tap-and-pay chip"  # CDATA
    assert third.url == f"{BASE}/news/2024/09/12/taobao-wechat-pay.html"  # from a permalink guid
    assert len(feed.entries) == 8


def test_rss1_rdf_items_are_read_with_dublin_core_dates():
    feed = parse_feed(fixture("feeds/rdf.xml"), f"{BASE}/feeds/rdf.xml")
    (entry,) = feed.entries
    assert feed.format == "rdf"
    assert entry.url == f"{BASE}/news/2021/09/13/miit-link-blocking.html"
    assert entry.published == "2021-09-13T17:40:00+08:00" and entry.author == "Chen Lu"
    assert entry.language == "en"


def test_atom_entries_resolve_links_against_xml_base_and_keep_updated():
    feed = parse_feed(fixture("feeds/atom.xml"), f"{BASE}/feeds/atom.xml")
    whatsapp, cma = feed.entries
    assert feed.format == "atom" and feed.language == "en"
    assert whatsapp.url == f"{BASE}/go/whatsapp" and whatsapp.author == "Ines Duarte"
    assert cma.url == f"{BASE}/news/2025/10/22/cma-apple-google-strategic-market-status.html"  # not the enclosure
    assert cma.author == "The Interop Ledger"  # the feed's author
    assert cma.updated == "2025-10-22T06:00:00+00:00"


RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><language>de</language>
<item><title>Kartellamt pr\xfcft</title><link>http://news.test/a.html</link></item>
</channel></rss>"""

RSS_090 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
<channel><title>Older</title><link>http://news.test/</link></channel>
<item><title>One</title><link>http://news.test/one.html</link></item>
<item><title>Two</title><link>two.html</link></item>
</rdf:RDF>"""


def test_rss_091_with_its_doctype_and_latin1_is_read():
    (entry,) = parse_feed(RSS_091, "http://news.test/rss").entries
    assert entry.title == "Kartellamt pr\u00fcft" and entry.language == "de"


def test_rss_090_items_and_relative_links():
    feed = parse_feed(RSS_090, "http://news.test/feeds/rss")
    assert [e.url for e in feed.entries] == ["http://news.test/one.html", "http://news.test/feeds/two.html"]


def test_an_xml_bomb_is_refused_without_expanding_it():
    with pytest.raises(FeedError, match="entity declarations"):
        parse_feed(fixture("feeds/bomb.xml"), f"{BASE}/feeds/bomb.xml")


def test_an_external_entity_is_refused():
    body = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>'
    with pytest.raises(FeedError, match="refused"):
        parse_feed(body, BASE)


@pytest.mark.parametrize("body, message", [
    (fixture("feeds/broken.xml"), "malformed XML"),
    (b"", "empty document"),
    (b"<html><body>Not a feed</body></html>", "not a feed: root element <html>"),
    (b"<rss version='2.0'></rss>", "without a <channel>"),
])
def test_what_is_not_a_readable_feed_raises_feed_error(body, message):
    with pytest.raises(FeedError, match=message):
        parse_feed(body, BASE)


def test_items_without_a_link_are_skipped():
    body = b"<rss><channel><item><title>No link</title><guid isPermaLink='false'>x1</guid></item></channel></rss>"
    assert parse_feed(body, BASE).entries == ()


@pytest.mark.parametrize("text, iso", [
    ("Wed, 19 Mar 2025 13:05:00 GMT", "2025-03-19T13:05:00+00:00"),
    ("Wed, 19 Mar 2025 14:05:00 +0100", "2025-03-19T14:05:00+01:00"),
    ("2025-03-19T14:05:00Z", "2025-03-19T14:05:00+00:00"),
    ("2025-03-19", "2025-03-19"),
    ("2025-03", "2025-03-01"),
    ("yesterday", None),
    ("", None),
])
def test_feed_dates_become_iso(text, iso):
    assert to_iso(text) == iso


def test_instants_compare_across_zones():
    assert parse_instant("2025-03-19T14:05:00+01:00") == parse_instant("Wed, 19 Mar 2025 13:05:00 GMT")
