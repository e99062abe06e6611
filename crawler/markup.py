"""Text -> lxml tree, for any input a crawler may meet: fragments, XML declarations, NUL bytes,
unclosed tags. Returns None instead of raising.

    parse_html(markup) -> HtmlElement | None
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

_PARSER = HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True, default_doctype=False)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def parse_html(markup: str) -> HtmlElement | None:
    """The document tree of `markup` (always rooted at <html>), or None if lxml finds nothing."""
    markup = _CONTROL.sub("", _XML_DECLARATION.sub("", markup, count=1))
    if not markup.strip():
        return None
    try:
        tree = document_fromstring(markup, parser=_PARSER)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None
    return tree if tree is not None and len(tree) else None
