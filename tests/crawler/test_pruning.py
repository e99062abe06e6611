"""crawler.pruning: furniture dropped from the parsed page before extraction."""

from __future__ import annotations

import pytest
from lxml.html import document_fromstring, tostring

from crawler.pruning import link_texts, prune_tree, story_cards, unwrap_layout_tables


def _tree(body: str):
    return document_fromstring(f"<html><body>{body}</body></html>")


ARTICLE = "<div class='content'>" + "<p>A sentence of article text that is long enough to count here.</p>" * 6 + "</div>"


@pytest.mark.parametrize("furniture", [
    "<figure><img src='a.jpg'><figcaption>Caption text</figcaption></figure>",
    "<div class='image-caption'>Caption text</div>",
    "<span class='photo-credit'>Caption text</span>",
    "<div class='related-articles'><p>Caption text</p></div>",
    "<div id='newsletter-box'><p>Caption text</p></div>",
    "<div class='social-share'><p>Caption text</p></div>",
    "<div class='ad-container'><p>Caption text</p></div>",
    "<div class='OUTBRAIN'><p>Caption text</p></div>",
    "<ul><li><a href='/1'>Caption text one</a></li><li><a href='/2'>Caption text two</a></li></ul>",
    "<p><a href='/x'>Caption text as a whole linked paragraph</a></p>",
])
def test_prune_tree_drops_furniture_blocks(furniture):
    tree = _tree(ARTICLE + furniture)
    assert prune_tree(tree) >= 1
    assert "Caption text" not in tostring(tree, encoding="unicode")
    assert tostring(tree, encoding="unicode").count("article text") == 6


@pytest.mark.parametrize("container", [
    "<div class='related-content main'>{}</div>",  # furniture name, but it holds the article
    "<article class='share-this'>{}</article>",  # a protected element
    "<div class='promo' itemprop='articleBody'>{}</div>",
])
def test_prune_tree_keeps_the_article_whatever_its_container_is_called(container):
    tree = _tree("<h2>x</h2>" + container.format(ARTICLE))
    prune_tree(tree)
    assert tostring(tree, encoding="unicode").count("article text") == 6


def test_prune_tree_keeps_lists_of_text_and_paragraphs_with_a_link():
    body = ("<ul><li>Text item one</li><li>Text item two with a <a href='/x'>link</a></li></ul>"
            "<p>The filing, <a href='/doc'>published on Monday</a>, runs to 400 pages and more.</p>")
    tree = _tree(ARTICLE + body)
    prune_tree(tree)
    html = tostring(tree, encoding="unicode")
    assert "Text item one" in html and "published on Monday" in html


def test_prune_tree_keeps_tail_text_of_a_dropped_element():
    tree = _tree("<p>Before <span class='ad-inline'>AD</span> after the ad.</p>")
    prune_tree(tree)
    assert " ".join(tree.text_content().split()) == "Before after the ad."


def test_link_texts_are_normalised_and_long_enough():
    tree = _tree("<a href='/a'>Dockside passes ten million users!</a><a href='/b'>Home</a><a href='/c'>Two words</a>")
    assert link_texts(tree) == frozenset({"dockside passes ten million users"})


@pytest.mark.parametrize(("after_image", "kept"), [
    # caption and credit set as plain paragraphs after the image: both go
    (["<p>A sign above a shop counter in Hangzhou.</p>", "<p>Lin Wei | Visual China | Getty Images</p>"], []),
    # a credit alone after the image goes
    (["<p>Photo: Lin Wei/AFP</p>"], []),
    # a short paragraph after an image, but no credit: it may be text, so it stays
    (["<p>The shop opened in May.</p>", "<p>It sells noodles.</p>"], ["The shop opened in May.", "It sells noodles."]),
])
def test_loose_captions_after_an_image(after_image, kept):
    tree = _tree(ARTICLE + "<p><a href='/i'><img src='i.jpg'></a></p>" + "".join(after_image))
    prune_tree(tree)
    html = tostring(tree, encoding="unicode")
    assert html.count("article text") == 6
    for fragment in ("Hangzhou", "Getty", "AFP"):
        assert fragment not in html
    for text in kept:
        assert text in html


def test_prune_tree_drops_a_row_of_story_cards():
    cards = "".join(f"<div class='card'><span>Markets</span> <a href='/s/{i}'>Another story about platform rules "
                    f"number {i}</a><p>A short teaser.</p></div>" for i in range(4))
    tree = _tree(ARTICLE + cards)
    prune_tree(tree)
    html = tostring(tree, encoding="unicode")
    assert "Another story" not in html and html.count("article text") == 6


def test_prune_tree_keeps_paragraph_blocks_that_link_from_inside_a_sentence():
    paragraphs = "".join(f"<div class='body-paragraph'>Paragraph {i} says that <a href='/r/{i}'>the regulator opened "
                         f"an inquiry</a> into the wallet last spring.</div>" for i in range(5))
    tree = _tree(paragraphs)
    prune_tree(tree)
    assert tree.text_content().count("opened an inquiry") == 5


def test_story_cards_are_grouped_by_tag_and_class_largest_first():
    row = "".join(f"<li class='item'><a href='/{i}'>A headline about platform rules {i}</a></li>" for i in range(4))
    pair = "".join(f"<div class='promo-card'><a href='/p{i}'>Another headline about app stores</a></div>" for i in range(2))
    groups = story_cards(_tree(f"<ul>{row}</ul>{pair}<nav><a href='/n'>A navigation link with many words</a></nav>"))
    assert [len(g) for g in groups] == [4, 2]
    assert groups[0][0].tag == "li"


@pytest.mark.parametrize(("table", "layout"), [
    ("<table><tr><td><p>Paragraph one.</p><p>Paragraph two.</p></td><td>Side</td></tr></table>", True),
    ("<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>", True),
    ("<table><tr><td>" + "A very long cell of running text. " * 20 + "</td></tr></table>", True),
    ("<table><tr><th>Country</th><th>Fine</th></tr><tr><td>France</td><td>EUR 150m</td></tr></table>", False),
    ("<table role='presentation'><tr><td><p>Already handled by trafilatura.</p></td></tr></table>", False),
])
def test_layout_tables_become_blocks_and_data_tables_stay(table, layout):
    tree = _tree(table)
    assert unwrap_layout_tables(tree) == int(layout)
    assert (tree.find(".//table") is None) is layout
