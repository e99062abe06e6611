"""Digest -> HTML and plain text, from the Jinja2 templates in templates/. Pure.

    render_html(digest) -> str      # templates/digest.html.j2, autoescaped
    render_text(digest) -> str      # templates/digest.txt.j2

The HTML environment escapes every value (autoescape on for *.html.j2); article text is untrusted,
so a title holding `<script>` comes out as text. Links come only from `ClaimItem.url` and friends,
which build.py sets only for http(s) URLs. Undefined names are errors, not empty strings.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2

from pipeline.digest.build import STATUS_COLOURS, ChartWeek, Digest

TEXT_BAR_WIDTH = 30


def text_bar(row: ChartWeek) -> str:
    return "#" * round(sum(b.percent for b in row.bars) * TEXT_BAR_WIDTH / 100)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.digest", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), disabled_extensions=("txt.j2",),
                                              default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(colours=STATUS_COLOURS, text_bar=text_bar)
    return env


def render_html(digest: Digest) -> str:
    return environment().get_template("digest.html.j2").render(digest=digest)


def render_text(digest: Digest) -> str:
    return environment().get_template("digest.txt.j2").render(digest=digest)
