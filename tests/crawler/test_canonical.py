"""crawler.canonical: one URL per article, whatever link it was reached through."""

from __future__ import annotations

import pytest
from lxml.html import document_fromstring

from crawler.canonical import canonical_url, is_tracking_param, normalize_url, same_site


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTPS://News.Example.COM/a/B", "https://news.example.com/a/B"),
    ("https://news.example.com:443/a", "https://news.example.com/a"),
    ("http://news.example.com:80/a", "http://news.example.com/a"),
    ("http://news.example.com:8080/a", "http://news.example.com:8080/a"),
    ("https://news.example.com", "https://news.example.com/"),
    ("https://news.example.com/a#comments", "https://news.example.com/a"),
    ("https://news.example.com/a?", "https://news.example.com/a"),
    ("https://news.example.com/a?b=2&a=1", "https://news.example.com/a?a=1&b=2"),
    ("https://news.example.com/a?utm_source=x&utm_medium=y&utm_campaign=z&id=5", "https://news.example.com/a?id=5"),
    ("https://news.example.com/a?UTM_Source=x&id=5", "https://news.example.com/a?id=5"),
    ("https://news.example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=rss&cmpid=7", "https://news.example.com/a"),
    ("https://news.example.com/a?page=2&flag", "https://news.example.com/a?flag&page=2"),
    ("https://news.example.com/a?next=/b/c&id=%2F", "https://news.example.com/a?id=%2F&next=/b/c"),
    ("https://news.example.com/a?b=1;a=2", "https://news.example.com/a?b=1;a=2"),
    ("https://news.example.com/a?&&id=1&", "https://news.example.com/a?id=1"),
    ("https://news.example.com/a?q=caf%C3%A9&x=a+b", "https://news.example.com/a?q=caf%C3%A9&x=a+b"),
    ("https://news.example.com./a", "https://news.example.com/a"),
    ("  https://news.example.com/a  ", "https://news.example.com/a"),
    ("http://127.0.0.1:8765/story?utm_source=feed", "http://127.0.0.1:8765/story"),
    ("http://[::1]:8080/a", "http://[::1]:8080/a"),
])
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


@pytest.mark.parametrize("url", ["mailto:desk@example.com", "javascript:void(0)", "/relative/path", "http://[::1/x"])
def test_urls_that_cannot_be_normalised_are_returned_as_given(url):
    assert normalize_url(url) == url


@pytest.mark.parametrize(("name", "tracking"), [
    ("utm_source", True), ("utm_anything_new", True), ("fbclid", True), ("gclid", True), ("mc_cid", True),
    ("ref", True), ("cmpid", True), ("id", False), ("page", False), ("q", False), ("reference", False),
])
def test_tracking_parameters_come_from_the_data_list(name, tracking):
    assert is_tracking_param(name) is tracking


@pytest.mark.parametrize(("a", "b", "same"), [
    ("https://www.example.co.uk/a", "https://news.example.co.uk/b", True),
    ("https://example.com/a", "https://www.example.com/b", True),
    ("https://www.ledger.example/a", "https://ledger.example/b", True),
    ("https://example.com/a", "https://example.org/a", False),
    ("https://alice.github.io/a", "https://bob.github.io/a", False),
    ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", True),
    ("http://127.0.0.1/a", "http://127.0.0.2/a", False),
])
def test_same_site_compares_registrable_domains(a, b, same):
    assert same_site(a, b) is same


def tree(head: str):
    return document_fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")


FETCHED = "https://m.example.com/2024/05/story.html?utm_source=twitter#top"


@pytest.mark.parametrize(("head", "expected"), [
    ("", "https://m.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="https://www.example.com/2024/05/story.html">',
     "https://www.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="/2024/05/story.html?fbclid=9&amp;b=1&amp;a=2">',
     "https://m.example.com/2024/05/story.html?a=2&b=1"),
    ('<link rel="Canonical Alternate" href="https://www.example.com/s">', "https://www.example.com/s"),
    ('<meta property="og:url" content="https://www.example.com/2024/05/story.html">',
     "https://www.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="https://www.example.com/c"><meta property="og:url" content="https://www.example.com/og">',
     "https://www.example.com/c"),
    ('<link rel="canonical" href="https://elsewhere.example.net/copy">', "https://m.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="https://www.example.com/">', "https://m.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="ftp://www.example.com/file">', "https://m.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="javascript:alert(1)">', "https://m.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="http://[::1">', "https://m.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="">', "https://m.example.com/2024/05/story.html"),
    ('<link rel="canonical" href="https://elsewhere.example.net/x"><meta property="og:url" '
     'content="https://www.example.com/og">', "https://www.example.com/og"),
])
def test_canonical_url_uses_the_pages_own_when_it_is_on_the_same_site(head, expected):
    assert canonical_url(FETCHED, tree(head)) == expected


def test_canonical_url_without_a_tree_is_the_normalised_fetched_url():
    assert canonical_url(FETCHED) == "https://m.example.com/2024/05/story.html"


def test_the_home_page_may_declare_itself_canonical():
    head = '<link rel="canonical" href="https://www.example.com/">'
    assert canonical_url("https://example.com/?utm_source=x", tree(head)) == "https://www.example.com/"
