"""What a page says about itself: JSON-LD, meta tags, the <title>, bylines, <time> elements.

    read_metadata(tree, url, latest=None) -> PageMetadata

Pure: works on a parsed lxml tree. Values are cleaned but not cross-checked with the body; the
caller (parsing.py) combines them with feed hints and the extracted text.
"""

from __future__ import annotations

import html
import json
import re
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from crawler.dates import to_iso
from crawler.pruning import is_furniture_name

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "report", "review",
    "satiricalarticle", "advertisercontentarticle", "medicalscholarlyarticle", "posting",
})
VIDEO_TYPES = frozenset({"videoobject", "videogallery", "clip", "episode", "movie", "tvepisode"})
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "siteNavigationElement".lower()})

# meta names/properties carrying the publication date, best first
DATE_KEYS = (
    "article:published_time", "og:article:published_time", "article.published", "datepublished",
    "article_date_original", "publishdate", "publish-date", "publish_date", "pubdate",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date.created",
    "dcterms.created", "dc.date", "dcterms.date", "date", "og:published_time",
    "citation_publication_date", "citation_date", "originalpublicationdate", "displaydate",
    "cxenseparse:recs:publishtime", "release_date", "publication_date", "article:published",
)
AUTHOR_KEYS = ("author", "article:author", "og:article:author", "parsely-author", "sailthru.author",
               "dc.creator", "dcterms.creator", "citation_author", "byl", "twitter:creator")
TITLE_KEYS = ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title", "headline")
LANGUAGE_KEYS = ("content-language", "language", "dc.language", "og:locale", "inlanguage")

_TITLE_SEPARATORS = re.compile(r"\s+[|–—•·»:-]\s+|\s+-{2}\s+")
_BYLINE_PREFIX = re.compile(r"^(?:by|written by|von|par|por|di|door|av|af|from)\s*[:\s]\s*", re.IGNORECASE)
_LANG_CODE = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None  # JSON-LD headline, og:title and the like, or the <h1>
    title_tag: str | None  # the <title>, site name removed: the last resort
    author: str | None
    published: str | None  # ISO 8601
    language: str | None  # ISO 639-1, as declared
    site_name: str | None
    og_type: str | None
    jsonld_types: frozenset[str]  # lower-cased schema.org @types found on the page
    accessible_for_free: bool | None  # schema.org isAccessibleForFree of the article, if stated
    headlines: tuple[str, ...] = ()  # every title the page gives (meta, <title>, <h1>), for de-duplication


def _clean(value) -> str | None:
    """Whitespace collapsed and HTML entities decoded (JSON-LD and some meta tags carry them
    still escaped: "&#8216;", "&amp;"); None if empty."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = " ".join(html.unescape(value).split())
    return value or None


def _types(obj: dict) -> set[str]:
    raw = obj.get("@type") or []
    raw = [raw] if isinstance(raw, str) else raw
    return {t.rsplit("/", 1)[-1].lower() for t in raw if isinstance(t, str)}


def _walk(node, out: list[dict], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            _walk(item, out, depth + 1)
    elif isinstance(node, dict):
        out.append(node)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(node.get(key), (list, dict)):
                _walk(node[key], out, depth + 1)


def jsonld_objects(tree: HtmlElement) -> list[dict]:
    """Every JSON-LD object on the page (top level, @graph members, main entities), in order.
    Broken JSON-LD blocks are skipped."""
    found: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            # common breakage: trailing commas, HTML comments around the JSON
            text = re.sub(r",\s*([}\]])", r"\1", text.replace("<!--", "").replace("-->", ""))
            try:
                data = json.loads(text, strict=False)
            except ValueError:
                continue
        _walk(data, found)
    return found


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    """meta name/property/itemprop/http-equiv (lower case) -> content, first occurrence wins."""
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        content = content.strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                tags.setdefault(key.strip().lower(), content)
    return tags


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


@lru_cache(maxsize=1)
def non_authors() -> frozenset[str]:
    text = resources.files("crawler").joinpath("data/non_authors.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def clean_author(value: str | None) -> str | None:
    """A byline without "By", e-mail addresses, handles, URLs or trailing job titles; None if
    nothing name-like is left."""
    value = _clean(value)
    if not value or re.match(r"^https?://|^www\.", value, re.IGNORECASE):
        return None
    value = re.sub(r"\S+@\S+\.\w+|(?<!\w)@\w+", "", value)
    value = _BYLINE_PREFIX.sub("", value.strip())
    value = re.split(r"\s*[|\n]\s*", value)[0]
    value = value.strip(" ,;:-–—")
    if not value or len(value) > 120 or value.lower() in non_authors():
        return None
    if value.startswith(".") or not re.search(r"[^\W\d_]{2}", value):  # ".org", "A1"
        return None
    return value


def _join_authors(names: list[str]) -> str | None:
    cleaned = []
    for name in names:
        name = clean_author(name)
        if name and name not in cleaned:
            cleaned.append(name)
    return ", ".join(cleaned) if cleaned else None


def language_code(value: str | None) -> str | None:
    """'en-US', 'en_GB', 'EN' -> 'en'; anything else -> None."""
    value = (value or "").strip()
    match = _LANG_CODE.match(value.split(",")[0].strip())
    return match.group(1).lower() if match else None


def _strip_site_name(title: str, site_names: list[str]) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    lowered = {s.lower() for s in site_names if s}
    kept = [p for p in parts if p.strip().lower() not in lowered]
    if len(kept) < len(parts) and kept:
        return " - ".join(kept) if len(kept) > 1 else kept[0]
    return title


def _headline_of_title_tag(title: str, site_names: list[str]) -> str:
    """A <title> usually adds the site and section names: "Headline | Section - Site". Known
    site names go; of what is left, the longest part is the headline."""
    title = _strip_site_name(title, site_names)
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    longest = max(parts, key=len)
    return longest if len(longest.split()) >= 3 else title


def _site_names(meta: dict[str, str], url: str) -> list[str]:
    names = [meta.get("og:site_name"), meta.get("application-name"), meta.get("twitter:site", "").lstrip("@")]
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed URL ("http://[::1/x")
        host = ""
    host = host[4:] if host.startswith("www.") else host
    names += [host, host.split(".")[0]]
    return [n for n in names if n]


def _first_h1(tree: HtmlElement) -> str | None:
    h1s = [_clean(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if h]
    return h1s[0] if len(h1s) >= 1 else None


def _byline_from_markup(tree: HtmlElement) -> str | None:
    candidates = tree.xpath(
        '//*[@rel="author" or @itemprop="author" or contains(concat(" ", normalize-space(@class), " "), " byline ")'
        ' or contains(@class, "author-name") or contains(@class, "byline__name")][1]')
    for element in candidates[:1]:
        named = element.xpath('.//*[@itemprop="name"]')
        text = (named[0].get("content") or named[0].text_content()) if named else element.text_content()
        return clean_author(text)
    return None


def _time_elements(tree: HtmlElement, latest: str | None) -> str | None:
    for element in tree.xpath('//*[@itemprop="datePublished"] | //time[@pubdate]'):
        value = element.get("datetime") or element.get("content") or element.text_content()
        found = to_iso(value, latest)
        if found:
            return found
    return None


# Blocks whose dates are other pages' (related stories, menus, tickers, footers), not the article's.
_ELSEWHERE_TAGS = frozenset({"nav", "aside", "footer", "menu"})
_HOLDS_ARTICLE = etree.XPath("boolean(descendant::article or descendant::main or descendant::h1)")


def _is_elsewhere_block(element: HtmlElement) -> bool:
    """A block about other pages: <nav>, <aside>, <footer>, <menu>, a site <header> with a menu,
    or a block named as furniture (related, read-more, most-read, tags, ... as crawler.pruning
    names them), unless it holds the article itself."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _ELSEWHERE_TAGS:
        elsewhere = True
    elif tag == "header":
        elsewhere = element.find(".//nav") is not None and not element.xpath("ancestor::article or ancestor::main")
    else:
        names = f"{element.get('class') or ''} {element.get('id') or ''}".strip()
        elsewhere = bool(names) and tag not in ("html", "body", "article", "main") and is_furniture_name(names)
    return elsewhere and not _HOLDS_ARTICLE(element)


def _in_elsewhere_block(element: HtmlElement) -> bool:
    return any(_is_elsewhere_block(e) for e in element.iterancestors())


def first_time_element(tree: HtmlElement, latest: str | None) -> str | None:
    """The first <time datetime> on the page outside menus, asides and related-story blocks:
    weak evidence, used after feed hints."""
    for element in tree.iter("time"):
        found = to_iso(element.get("datetime"), latest)
        if found and not _in_elsewhere_block(element):
            return found
    return None


def date_evidence(tree: HtmlElement) -> HtmlElement:
    """A copy of the page for a date search: without the blocks about other pages (menus,
    asides, related stories, footers) and without link targets (a date in a link's URL is the
    linked page's date). The page's own URL is searched separately."""
    work = deepcopy(tree)
    for element in list(work.iter()):
        if isinstance(element.tag, str) and element.getparent() is not None and _is_elsewhere_block(element):
            element.drop_tree()
    for link in work.iter("a", "area"):
        link.attrib.pop("href", None)
    return work


def read_metadata(tree: HtmlElement, url: str, latest: str | None = None) -> PageMetadata:
    """Title, author, date, language and page type as the page declares them."""
    objects = jsonld_objects(tree)
    meta = meta_tags(tree)
    all_types = frozenset(t for obj in objects for t in _types(obj))
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    sources = [article] if article else []
    sources += [o for o in objects if o is not article and _types(o) & (VIDEO_TYPES | {"webpage"})]

    site_names = _site_names(meta, url)
    title = None
    for obj in sources:
        title = _clean(obj.get("headline") or obj.get("name"))
        if title:
            break
    for key in TITLE_KEYS:
        title = title or _clean(meta.get(key))
    title_tag = tree.find(".//title")
    raw_title = _clean(title_tag.text_content()) if title_tag is not None else None
    title = title or _first_h1(tree)
    if title:
        title = _strip_site_name(title, site_names)
    title_tag_text = _headline_of_title_tag(raw_title, site_names) if raw_title else None
    headlines = [title, raw_title, title_tag_text]
    headlines += [_clean(meta.get(key)) for key in TITLE_KEYS]
    headlines += [_clean(h.text_content()) for h in tree.iter("h1")][:3]
    headlines += [_clean(obj.get("headline")) for obj in sources if isinstance(obj.get("headline"), str)]

    author = None
    for obj in sources:
        author = _join_authors(_names(obj.get("author") or obj.get("creator")))
        if author:
            break
    for key in AUTHOR_KEYS:
        if not author and key in meta:
            author = _join_authors([meta[key]])
    author = author or _byline_from_markup(tree)

    published = None
    for obj in sources:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            published = published or to_iso(obj.get(key) if isinstance(obj.get(key), str) else None, latest)
    for key in DATE_KEYS:
        published = published or to_iso(meta.get(key), latest)
    published = published or _time_elements(tree, latest)

    root = tree.getroottree().getroot()
    language = language_code(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    for key in LANGUAGE_KEYS:
        language = language or language_code(meta.get(key))
    for obj in sources:
        language = language or language_code(obj.get("inLanguage") if isinstance(obj.get("inLanguage"), str) else None)

    free = None
    if article is not None and "isAccessibleForFree" in article:
        flag = article["isAccessibleForFree"]
        free = flag if isinstance(flag, bool) else str(flag).strip().lower() not in ("false", "0", "no")

    return PageMetadata(
        title=title, title_tag=title_tag_text, author=author, published=published, language=language,
        site_name=_clean(meta.get("og:site_name")), og_type=_clean(meta.get("og:type")),
        jsonld_types=all_types, accessible_for_free=free,
        headlines=tuple(dict.fromkeys(h for h in headlines if h)),
    )


def visible_date(tree: HtmlElement, url: str | None, latest: str | None = None) -> str | None:
    """A publication date found by htmldate's search of the page (URL, headers, visible text):
    the last resort when neither the page's metadata nor the feed gave one. Menus, asides,
    related-story blocks and link targets are left out of the search (`date_evidence`)."""
    import htmldate  # imported here: only pages without any declared date need it

    try:
        found = htmldate.find_date(date_evidence(tree), extensive_search=True, original_date=True, url=url,
                                   max_date=(latest or "2100-12-31")[:10])
    except (ValueError, TypeError):
        return None
    return to_iso(found, latest)
