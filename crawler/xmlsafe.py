"""Untrusted XML (feeds, sitemaps) -> ElementTree, without entity expansion or size surprises.

    parse_xml(body) -> Element                raises FeedError
    gunzip_capped(data, limit) -> bytes       raises FeedError past `limit` bytes decompressed
    local(tag) -> "item" for "{ns}item"
"""

from __future__ import annotations

import zlib
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from crawler.errors import FeedError

GZIP_MAGIC = b"\x1f\x8b"


def parse_xml(body: bytes) -> Element:
    """Parse XML refusing entity declarations (billion laughs) and external entities."""
    if not body.startswith((b"\xff\xfe", b"\xfe\xff")):  # leave UTF-16 alone
        body = body.lstrip(b" \t\r\n")
        if body.startswith(b"\xef\xbb\xbf"):
            body = body[3:].lstrip(b" \t\r\n")
    if not body:
        raise FeedError("empty document")
    try:
        return SafeET.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise FeedError(f"refused: entity declarations or external references ({type(e).__name__})") from None
    except ParseError as e:
        raise FeedError(f"malformed XML: {e}") from None


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Decompress gzip data (all members), stopping with FeedError once past `limit` bytes."""
    out = bytearray()
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = d.decompress(data, limit + 1 - len(out))
            out += chunk
            while d.unconsumed_tail and len(out) <= limit:
                out += d.decompress(d.unconsumed_tail, limit + 1 - len(out))
        except zlib.error as e:
            raise FeedError(f"bad gzip data: {e}") from None
        if len(out) > limit:
            raise FeedError(f"over the size limit once decompressed ({limit} bytes)")
        if not d.eof:
            raise FeedError("truncated gzip data")
        data = d.unused_data.lstrip(b"\x00")
    return bytes(out)


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text_of(el: Element | None) -> str | None:
    """Stripped text of an element (including CDATA), or None when empty."""
    if el is None:
        return None
    text = "".join(el.itertext()).strip()
    return text or None
