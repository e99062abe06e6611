"""The sources file: the shipped list, and a precise error for every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.errors import SourcesError
from crawler.sources import load_sources, parse_sources

REPO = Path(__file__).resolve().parents[2]

GOOD = """
[[source]]
name = "ec-press"
kind = "feed"
urls = ["https://ec.europa.eu/press/feed.xml"]
allowed_domains = ["ec.europa.eu"]
allow = ['/\\d{4}/\\d{2}/']
deny = ['/tag/', '/video/']
language = "en"
max_pages = 500

[[source]]
name = "verge"
kind = "pages"
urls = ["https://www.theverge.com/policy"]
allowed_domains = ["theverge.com"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_gives_frozen_sources_with_defaults(tmp_path):
    first, second = load_sources(write(tmp_path, GOOD))
    assert first.name == "ec-press" and first.kind == "feed"
    assert first.urls == ("https://ec.europa.eu/press/feed.xml",)
    assert first.allow == (r"/\d{4}/\d{2}/",) and first.deny == ("/tag/", "/video/")
    assert first.language == "en" and first.max_pages == 500
    assert second.allow == () and second.language is None and second.max_pages is None
    assert second.page_cap(123) == 123
    with pytest.raises(AttributeError):
        first.name = "other"


def test_article_patterns_and_domains(tmp_path):
    ec = load_sources(write(tmp_path, GOOD))[0]
    assert ec.is_article_url("https://ec.europa.eu/news/2025/03/decision")
    assert not ec.is_article_url("https://ec.europa.eu/news/latest")  # no allow match
    assert not ec.is_article_url("https://ec.europa.eu/tag/2025/03/dma")  # denied
    assert ec.in_domains("ec.europa.eu") and ec.in_domains("press.ec.europa.eu")
    assert not ec.in_domains("europa.eu") and not ec.in_domains("notec.europa.eu")
    assert ec.own_hosts == frozenset({("ec.europa.eu", 443)})


def test_the_shipped_sources_file_is_valid_and_broad():
    sources = load_sources(REPO / "config" / "sources.toml")
    assert len(sources) >= 12
    assert {s.kind for s in sources} >= {"feed", "pages"}
    hosts = {u.split("/")[2] for s in sources for u in s.urls}
    assert len(hosts) >= 12
    assert all(u.startswith("https://") for s in sources for u in s.urls)


ENTRY = """
[[source]]
name = "one"
kind = "feed"
urls = ["https://example.org/feed.xml"]
allowed_domains = ["example.org"]
"""


@pytest.mark.parametrize("change, expected", [
    (("kind = \"feed\"", "kind = \"rss\""), "source 'one' (#1): key 'kind': must be one of feed, sitemap, pages, got 'rss'"),
    (("name = \"one\"\n", ""), "source #1: key 'name': missing"),
    (("urls = [\"https://example.org/feed.xml\"]", "urls = []"), "key 'urls': must not be empty"),
    (("urls = [\"https://example.org/feed.xml\"]", "urls = [\"ftp://example.org/feed.xml\"]"),
     "key 'urls': 'ftp://example.org/feed.xml' is not an http(s) URL"),
    (("urls = [\"https://example.org/feed.xml\"]", "urls = [\"https://other.net/feed.xml\"]"),
     "host 'other.net' is outside allowed_domains"),
    (("allowed_domains = [\"example.org\"]", "allowed_domains = [\"https://example.org/\"]"),
     "key 'allowed_domains': 'https://example.org/' is not a domain name"),
    (("allowed_domains = [\"example.org\"]", "allowed_domains = \"example.org\""),
     "key 'allowed_domains': must be a list of non-empty strings"),
    (("kind = \"feed\"", "kind = \"feed\"\nallow = ['(unclosed']"), "key 'allow': invalid regular expression '(unclosed'"),
    (("kind = \"feed\"", "kind = \"feed\"\ndeny = ['[z-a]']"), "key 'deny': invalid regular expression '[z-a]'"),
    (("kind = \"feed\"", "kind = \"feed\"\nlanguage = \"English\""), "key 'language': must be an ISO 639-1 code"),
    (("kind = \"feed\"", "kind = \"feed\"\nmax_pages = 0"), "key 'max_pages': must be a positive integer, got 0"),
    (("kind = \"feed\"", "kind = \"feed\"\nmax_pages = true"), "key 'max_pages': must be a positive integer, got True"),
    (("kind = \"feed\"", "kind = \"feed\"\nalowed_domains = [\"x.org\"]"), "key 'alowed_domains': unknown key"),
    (("name = \"one\"", "name = \"has space\""), "key 'name': must be a string of letters"),
])
def test_each_mistake_is_named_with_file_source_and_key(tmp_path, change, expected):
    path = write(tmp_path, ENTRY.replace(*change))
    with pytest.raises(SourcesError) as err:
        load_sources(path)
    assert str(err.value).startswith(f"{path}: ")
    assert expected in str(err.value)


def test_duplicate_names_are_refused(tmp_path):
    path = write(tmp_path, ENTRY + ENTRY)
    with pytest.raises(SourcesError, match=r"source 'one' \(#2\): key 'name': duplicate of source #1"):
        load_sources(path)


@pytest.mark.parametrize("text, expected", [
    ("[[source]\nname=", "not valid TOML"),
    ("title = 'no sources'", "unknown top-level key 'title'"),
    ("", "no [[source]] tables found"),
])
def test_a_file_that_is_not_a_sources_file_is_refused(tmp_path, text, expected):
    with pytest.raises(SourcesError) as err:
        load_sources(write(tmp_path, text))
    assert expected in str(err.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(SourcesError, match="sources file not found"):
        load_sources(tmp_path / "nope.toml")


def test_parse_sources_is_pure():
    (src,) = parse_sources({"source": [{"name": "a", "kind": "sitemap", "urls": ["http://127.0.0.1:8000/s.xml"],
                                        "allowed_domains": ["127.0.0.1"]}]})
    assert src.own_hosts == frozenset({("127.0.0.1", 8000)})
