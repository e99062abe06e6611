"""crawler.parsing: pages -> Article records or NotAnArticle reasons.

Small hand-written pages check one behaviour each; the golden files in golden/ check whole pages
with heavy boilerplate (set IW_UPDATE_GOLDEN=1 to rewrite their expected output, then review the
diff by eye).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest

from crawler.parsing import Article, NotAnArticle, PageHints, parse_article, parse_page

GOLDEN = Path(__file__).parent / "golden"

PARAGRAPHS = [
    "The competition authority said on Monday that the largest messaging service must let rival apps "
    "exchange messages with its users by the end of next year, under rules that took effect in March.",
    "The company said it would comply and that engineers had already built a first version of the "
    "bridge, which will carry text, pictures and voice notes between the services.",
    "Smaller messengers welcomed the decision but warned that the technical details, such as how "
    "encryption keys are exchanged, would decide whether the opening works in practice.",
]


def page(body: str, head: str = "", html_attrs: str = 'lang="en"') -> str:
    return f"<!DOCTYPE html><html {html_attrs}><head>{head}</head><body>{body}</body></html>"


def article_body(*extra_before: str, extra_after: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<article><h1>Messaging rivals win access</h1>{''.join(extra_before)}{paragraphs}{extra_after}</article>"


def parsed(html: str | bytes, url: str = "https://news.example.com/2024/05/messaging-access", **kwargs) -> Article:
    result = parse_page(url, html, **kwargs)
    assert isinstance(result, Article), result
    return result


# -- body text ---------------------------------------------------------------------------------

def test_body_paragraphs_are_separated_by_blank_lines():
    text = parsed(page(article_body())).text
    assert text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize("furniture", [
    "<p>[ad_1]</p>",
    "<p>[ad_2]</p>",
    "<div class='ad-slot'><span>Advertisement</span></div>",
    "<p>Advertisement</p>",
    "<p>Read more: Regulators turn to the app stores next</p>",
    "<p>READ MORE: Regulators turn to the app stores next</p>",
    "<p>Related: Regulators turn to the app stores next</p>",
    "<p>Sign up for our Platforms newsletter to get these stories in your inbox.</p>",
    "<p>Follow us on Twitter and Facebook for more platform news.</p>",
    "<div class='share-bar'><a href='#'>Share</a> <a href='#'>Tweet</a> <a href='#'>Email</a></div>",
    "<p>Share this article</p>",
    "<figure><img src='x.jpg'><figcaption>A phone showing two chat apps side by side.</figcaption></figure>",
    "<div class='image-caption'>A phone showing two chat apps side by side on a desk.</div>",
    "<p>Mira Sand | NurPhoto | Getty Images</p>",
    "<p>Photo: Jan Visser/AFP</p>",
    "<ul class='related-links'><li><a href='/a'>Why chat apps cannot talk to each other yet</a></li>"
    "<li><a href='/b'>The long road to messaging interoperability in Europe</a></li></ul>",
    "<ul><li><a href='/a'>Why chat apps cannot talk to each other yet</a></li>"
    "<li><a href='/b'>The long road to messaging interoperability in Europe</a></li></ul>",
    "<p><a href='/c'>SMALL MESSENGERS SAY THE NEW RULES COME TOO LATE</a></p>",
    "<div id='cookie-notice'><p>We use cookies to give you the best experience on our website.</p></div>",
    "<p>Reporting by Ana Lopez; Editing by Tom Baird</p>",
    "<p>© 2024 Example News. All rights reserved.</p>",
])
@pytest.mark.parametrize("where", ["before", "after"])
def test_page_furniture_is_removed_from_the_body(furniture, where):
    body = article_body(furniture) if where == "before" else article_body(extra_after=furniture)
    assert parsed(page(body)).text.split("\n\n") == PARAGRAPHS


def test_repeated_headline_and_kicker_are_not_body_text():
    body = ("<article><div class='kicker'>Technology</div><h1>Messaging rivals win access</h1>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>")
    result = parsed(page(body, "<title>Messaging rivals win access | Example News</title>"))
    assert result.text.split("\n\n") == PARAGRAPHS
    assert result.title == "Messaging rivals win access"


def test_dateline_at_the_top_is_not_body_text():
    body = article_body("<div class='dateline'>14 March 2024, 08:30 CET</div>")
    assert parsed(page(body)).text.split("\n\n") == PARAGRAPHS


def test_subheadings_and_quotes_in_the_body_are_kept():
    extra = "<h2>What changes for users</h2><blockquote><p>We will open the service to every rival that asks.</p></blockquote>"
    text = parsed(page(article_body(extra_after=extra))).text
    assert "What changes for users" in text.split("\n\n")
    assert "We will open the service to every rival that asks." in text


def test_body_split_over_containers_is_joined():
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    body = (f"<main><h1>Messaging rivals win access</h1><div class='article-body body-part'>{first}</div>"
            "<div class='ad-wrapper'><span>Advertisement</span></div>"
            f"<div class='article-body body-part'><p>{PARAGRAPHS[2]}</p>"
            "<p>A final paragraph adds that the decision can be appealed within two months of publication.</p></div></main>")
    text = parsed(page(body)).text
    assert text.split("\n\n")[:3] == PARAGRAPHS
    assert text.endswith("within two months of publication.")


# -- metadata ----------------------------------------------------------------------------------

JSONLD = """<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "Example News"},
 {"@type": "NewsArticle", "headline": "Rivals win access to the largest messenger",
  "datePublished": "2024-05-06T09:15:00+02:00",
  "author": [{"@type": "Person", "name": "Ana Lopez"}, {"@type": "Person", "name": "Tom Baird"}],
  "inLanguage": "en-GB"}]}
</script>"""


def test_metadata_comes_from_json_ld_first():
    head = JSONLD + '<meta property="og:title" content="Other title"><meta name="author" content="Someone Else">'
    result = parsed(page(article_body(), head))
    assert (result.title, result.author, result.published, result.language) == (
        "Rivals win access to the largest messenger", "Ana Lopez, Tom Baird", "2024-05-06T09:15:00+02:00", "en")


def test_metadata_from_meta_tags():
    head = ('<meta property="og:title" content="Rivals win access">'
            '<meta name="author" content="By Ana Lopez">'
            '<meta property="article:published_time" content="2024-05-06T07:15:00Z">')
    result = parsed(page(article_body(), head, html_attrs='lang="EN-us"'))
    assert (result.title, result.author, result.published, result.language) == (
        "Rivals win access", "Ana Lopez", "2024-05-06T07:15:00+00:00", "en")


def test_a_declared_language_the_text_plainly_is_not_is_overruled():
    assert parsed(page(article_body(), html_attrs='lang="de"')).language == "en"


@pytest.mark.parametrize("broken", [
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',
    '<script type="application/ld+json">[1, 2, "x"]</script>',
    '<script type="application/ld+json"></script>',
])
def test_broken_json_ld_is_ignored(broken):
    result = parsed(page(article_body(), broken + "<title>Rivals win access | Example</title>"))
    assert result.title == "Messaging rivals win access"  # from the <h1>, next in line
    assert result.text.split("\n\n") == PARAGRAPHS


def test_json_ld_with_trailing_commas_is_read():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Trailing commas", "datePublished": "2024-01-02",}</script>'
    result = parsed(page(article_body(), head))
    assert (result.title, result.published) == ("Trailing commas", "2024-01-02")


def test_feed_hints_fill_what_the_page_does_not_say():
    hints = PageHints(title="Feed title", published="Mon, 06 May 2024 07:15:00 GMT", author="Feed Author",
                      language="fr")
    result = parsed(page(article_body().replace("<h1>Messaging rivals win access</h1>", ""), html_attrs=""),
                    hints=hints)
    assert (result.title, result.author, result.published, result.language) == (
        "Feed title", "Feed Author", "2024-05-06T07:15:00+00:00", "fr")


def test_feed_title_wins_over_the_title_tag_but_not_over_declared_titles():
    bare = article_body().replace("<h1>Messaging rivals win access</h1>", "")
    head = "<title>Rivals win access | Example News - Technology</title>"
    hints = PageHints(title="Rivals win access to the largest messenger")
    assert parsed(page(bare, head), hints=hints).title == "Rivals win access to the largest messenger"
    assert parsed(page(bare, head)).title == "Rivals win access"
    og = head + '<meta property="og:title" content="Rivals win access">'
    assert parsed(page(bare, og), hints=hints).title == "Rivals win access"


def test_page_metadata_wins_over_feed_hints():
    hints = PageHints(title="Feed title", published="2024-05-01", author="Feed Author")
    result = parsed(page(article_body(), JSONLD), hints=hints)
    assert (result.title, result.author, result.published) == (
        "Rivals win access to the largest messenger", "Ana Lopez, Tom Baird", "2024-05-06T09:15:00+02:00")


def test_date_written_in_the_page_is_the_last_resort():
    body = article_body("<p class='meta'>Published 6 May 2024</p>")
    assert parsed(page(body)).published == "2024-05-06"


UNDATED_URL = "https://news.example.com/story/messaging-access"
FETCHED = PageHints(fetched_at="2026-01-15T12:00:00+00:00")
SITE_MENU = ('<header class="site"><nav><a href="/news/2019/01/02/old-story.html">Old story</a>'
             '<a href="/section/policy/">Policy</a></nav></header>')
RELATED = ('<aside class="related"><h2>More on this story</h2><ul>'
           '<li><a href="/news/2021/09/13/miit-link-blocking.html">China orders platforms to stop blocking links</a></li>'
           '<li><a href="https://news.example.com/2021/09/14/wechat-links">WeChat opens links</a></li>'
           '<li><a href="/news/2021-09-15/taobao.html">Taobao links</a></li></ul></aside>')
FOOTER = '<footer><a href="/archive/2020/05/05/">Archive: 5 May 2020</a></footer>'


@pytest.mark.parametrize("blocks", [
    (SITE_MENU, RELATED, FOOTER),
    (RELATED,),
    ('<div class="read-more"><a href="/news/2018/03/04/x.html">An older story</a></div>',),
    ('<div class="most-read"><ol><li><a href="/2017/06/07/y">Most read</a> <time datetime="2017-06-07">7 June</time>'
     '</li></ol></div>',),
    ('<nav class="ticker"><a href="/news/2016/02/03/z.html">Ticker</a></nav>',),
])
def test_dates_in_menus_asides_and_related_links_are_not_the_articles_date(blocks):
    html = page(f"{blocks[0]}<main>{article_body()}{''.join(blocks[1:])}</main>")
    assert parsed(html, url=UNDATED_URL, hints=FETCHED).published is None


def test_dates_in_the_urls_of_links_in_the_text_are_not_the_articles_date():
    link = '<p>As <a href="/news/2021/09/13/miit-link-blocking.html">we reported</a> before, the rules apply.</p>'
    assert parsed(page(article_body(link)), url=UNDATED_URL, hints=FETCHED).published is None


def test_the_articles_own_date_is_found_beside_related_links():
    byline = "<p class='meta'>Published 6 May 2024</p>"
    html = page(f"{SITE_MENU}<main>{article_body(byline)}{RELATED}</main>{FOOTER}")
    assert parsed(html, url=UNDATED_URL, hints=FETCHED).published == "2024-05-06"
    dated_url = "https://news.example.com/news/2024/05/06/messaging-access.html"
    html = page(f"{SITE_MENU}<main>{article_body()}{RELATED}</main>{FOOTER}")
    assert parsed(html, url=dated_url, hints=FETCHED).published == "2024-05-06"  # the page's own URL


def test_a_time_element_in_a_related_block_is_not_the_articles_date():
    related = ('<div class="related-stories"><a href="/x">Earlier</a> <time datetime="2021-09-13T08:00:00Z">13 Sep'
               '</time></div>')
    own = '<p class="byline">By Ana Lopez, <time datetime="2024-05-06T09:15:00+02:00">6 May 2024</time></p>'
    html = page(f"{related}<main>{article_body(own)}</main>")
    assert parsed(html, url=UNDATED_URL, hints=FETCHED).published == "2024-05-06T09:15:00+02:00"
    html = page(f"{related}<main>{article_body()}</main>")
    assert parsed(html, url=UNDATED_URL, hints=FETCHED).published is None


def test_dates_after_the_fetch_are_not_publication_dates():
    head = '<meta property="article:published_time" content="2031-01-01T00:00:00Z">'
    hints = PageHints(published="2024-05-06", fetched_at="2024-05-07T10:00:00+00:00")
    assert parsed(page(article_body(), head), hints=hints).published == "2024-05-06"


@pytest.mark.parametrize("account", ["admin", "Administrator", "By admin", "webmaster", ".org", "https://x.example/u/1",
                                     "@handle", "Гость"])
def test_cms_account_names_are_not_authors(account):
    head = f'<meta name="author" content="{account}">'
    assert parsed(page(article_body(), head), hints=PageHints(author="Ana Lopez")).author == "Ana Lopez"


def test_byline_markup_gives_the_author():
    body = article_body("<div class='byline'>By <a rel='author' href='/ana'>Ana Lopez</a></div>")
    assert parsed(page(body)).author == "Ana Lopez"


def test_language_is_detected_when_not_declared():
    german = ["Die Wettbewerbsbehörde hat am Montag entschieden, dass der größte Messenger seine Schnittstellen "
              "für konkurrierende Dienste öffnen muss, damit Nachrichten zwischen den Apps ausgetauscht werden können.",
              "Das Unternehmen kündigte an, die Entscheidung umzusetzen, und erklärte, dass die Ingenieure bereits "
              "an einer ersten Version der Verbindung arbeiten, die Texte und Bilder übertragen soll."]
    body = "<article><h1>Konkurrenten erhalten Zugang</h1>" + "".join(f"<p>{p}</p>" for p in german) + "</article>"
    assert parsed(page(body, html_attrs="")).language == "de"


# -- canonical URL -----------------------------------------------------------------------------

def test_article_url_is_the_canonical_one_without_tracking():
    head = '<link rel="canonical" href="/2024/05/messaging-access?utm_source=twitter&amp;page=2">'
    result = parsed(page(article_body(), head), url="https://NEWS.example.com:443/amp/messaging?fbclid=x#top")
    assert result.url == "https://news.example.com/2024/05/messaging-access?page=2"


def test_canonical_on_another_site_is_ignored():
    head = '<link rel="canonical" href="https://content-farm.example.net/copied">'
    result = parsed(page(article_body(), head), url="https://news.example.com/a?utm_medium=email&id=7")
    assert result.url == "https://news.example.com/a?id=7"


# -- not articles ------------------------------------------------------------------------------

def _index_page() -> str:
    cards = "".join(
        f"<div class='card'><h3><a href='/story/{i}'>Story number {i} about platform rules and rivals</a></h3>"
        f"<p>A short teaser for story {i}.</p></div>" for i in range(12))
    return page(f"<main><h1>Technology</h1>{cards}</main>", '<meta property="og:type" content="website">')


def _category_page_with_long_excerpts() -> str:
    cards = "".join(
        f"<article class='post-card'><h2 class='entry-title'><a href='/p/{i}'>Post {i}: what the new platform rules "
        f"mean</a></h2><div class='entry-summary'><p>{PARAGRAPHS[i % 3]}</p></div>"
        f"<a class='more-link' href='/p/{i}'>Continue reading</a></article>" for i in range(6))
    return page(f"<main><h1>Category: Platforms</h1>{cards}</main>")


@pytest.mark.parametrize(("html", "reason"), [
    (_index_page(), "link-list"),
    (_category_page_with_long_excerpts(), "link-list"),
    (page(article_body(), '<script type="application/ld+json">{"@type": "CollectionPage", "name": "Platforms"}'
                          '</script>'), "link-list"),
    (page("<main><h1>Tag: payments</h1></main>",
          '<script type="application/ld+json">{"@type": "CollectionPage", "name": "payments"}</script>'), "link-list"),
    (page("<article><h1>Short</h1><p>Regulators met on Monday.</p></article>"), "too-short"),
    (page("<div></div>"), "no-body"),
    (page("<h1>Page not found</h1><p>Sorry, the page you were looking for does not exist.</p>",
          "<title>404 Not Found</title>"), "error-page"),
    (page("<h1>Inside the deal</h1><p>Regulators want to know what the payments bought, and who gained "
          "from them over the years.</p><p>Subscribe to continue reading.</p>"), "paywall"),
    (page("<h1>Inside the deal</h1><p>" + PARAGRAPHS[0] + "</p>",
          '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Inside the deal", '
          '"isAccessibleForFree": false}</script>'), "paywall"),
    (page("<h1>Watch the interview</h1><video src='/v.mp4'></video><p>The chief executive on the new rules.</p>",
          '<meta property="og:type" content="video.other">'), "video-only"),
    (page("<h1>Watch</h1><iframe src='https://www.youtube.com/embed/abc'></iframe><p>The interview in full, "
          "recorded on Monday in Brussels after the hearing ended.</p>"), "video-only"),
])
def test_pages_that_are_not_articles_say_why(html, reason):
    result = parse_page("https://news.example.com/x", html)
    assert result == NotAnArticle("https://news.example.com/x", reason)
    assert parse_article("https://news.example.com/x", html) is None


def test_a_long_article_behind_a_metered_paywall_is_still_an_article():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script>'
    long_body = article_body(extra_after="".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2))
    assert parsed(page(long_body, head)).text.startswith(PARAGRAPHS[0])


def test_an_article_with_a_row_of_related_story_cards_is_still_an_article():
    cards = "".join(f"<div class='story-card'><a href='/s/{i}'>Another story about platform rules number {i}</a>"
                    f"<p>A teaser for story {i}.</p></div>" for i in range(8))
    assert parsed(page(article_body(extra_after=f"<div class='more'>{cards}</div>"))).text.split("\n\n") == PARAGRAPHS


def test_an_article_with_an_embedded_video_is_still_an_article():
    body = article_body("<iframe src='https://www.youtube.com/embed/abc'></iframe>")
    assert parsed(page(body)).text.split("\n\n") == PARAGRAPHS


def test_an_article_with_a_login_widget_named_paywall_is_not_a_paywall_stub():
    body = "<div class='paywall-login'><a href='/login'>Log in</a></div>" + article_body()
    assert parsed(page(body)).text.split("\n\n") == PARAGRAPHS


def test_a_short_news_brief_is_an_article():
    brief = ("The competition authority fined the phone maker forty million euros on Tuesday for refusing "
             "to let rival wallets use the contactless chip in its handsets.")
    assert parsed(page(f"<article><h1>Phone maker fined</h1><p>{brief}</p></article>")).text == brief


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("html", "reason"), [
    (b"", "empty"),
    ("", "empty"),
    ("   \n\t ", "empty"),
    (bytes(range(256)) * 40, "not-html"),
    (b"\x89PNG\r\n\x1a\n" + bytes(2000), "not-html"),
    ("just some text without any markup at all", "not-html"),
])
def test_empty_and_binary_input_is_not_an_article(html, reason):
    assert parse_page("https://news.example.com/x", html) == NotAnArticle("https://news.example.com/x", reason)


@pytest.mark.parametrize("html", [
    "<html><body><p>Unclosed <b>tags <i>everywhere<div></span></table>",
    "<<<>>><!--- --><![CDATA[ x ]]><p",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>XML declaration in a str</p></body></html>",
    "<p>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</p>",
    "<html><body>" + "\x00" * 50 + "<p>NUL bytes</p></body></html>",
    "<html><head><script type='application/ld+json'>{{{{</script></head><body></body></html>",
    "<html><head><meta charset='no-such-charset'></head><body><p>x</p></body></html>",
    b"<html><head><meta charset='no-such-charset'></head><body><p>\xff\xfe\xfd</p></body></html>",
    "<html><body><a href='http://[::1'>broken link</a></body></html>",
])
def test_malformed_input_never_raises(html):
    result = parse_page("https://news.example.com/x", html)
    assert isinstance(result, (Article, NotAnArticle))


def test_a_broken_page_url_does_not_raise():
    result = parse_page("http://[::1/x", page(article_body()))
    assert isinstance(result, Article)


# -- golden pages ------------------------------------------------------------------------------

GOLDEN_CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


def _run_golden(name: str) -> dict:
    case = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    html = (GOLDEN / f"{name}.html").read_bytes()
    result = parse_page(case["url"], html, PageHints(**case["hints"]), case["encoding"])
    actual = ({"article": asdict(result)} if isinstance(result, Article) else {"not_an_article": result.reason})
    return case, actual


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_golden_page(name):
    case, actual = _run_golden(name)
    if os.environ.get("IW_UPDATE_GOLDEN"):
        case["expected"] = actual
        (GOLDEN / f"{name}.json").write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == case["expected"]


def test_golden_set_covers_articles_and_non_articles():
    kinds = {next(iter(json.loads((GOLDEN / f"{n}.json").read_text(encoding="utf-8"))["expected"] or {"?": 0}))
             for n in GOLDEN_CASES}
    assert {"article", "not_an_article"} <= kinds
    assert len(GOLDEN_CASES) >= 5
