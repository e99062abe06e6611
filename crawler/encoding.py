"""Bytes of an HTML page -> text, robust to a wrong or missing charset declaration.

Order: a byte-order mark; strict UTF-8 (a page that decodes as UTF-8 is UTF-8 whatever it
declares: Latin-1 or windows-1252 text with any non-ASCII byte almost never does); the declared
charsets (the HTTP header, then <meta charset>); then a guess: windows-1252 for text that looks
Western, otherwise charset-normalizer's best guess.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in browsers.
_AS_WINDOWS_1252 = {"ascii", "latin-1", "latin1", "iso-8859-1", "iso8859-1", "us-ascii", "l1", "cp819",
                    "iso_8859-1", "iso-ir-100"}
_SNIFF_BYTES = 4096


def declared_meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first few KB (<meta charset> or http-equiv), or None."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _looks_western(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return non_ascii / len(letters) < 0.25


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode a page's bytes to text; `declared` is the charset from the HTTP header, if any.

    Never raises: undecodable bytes become U+FFFD as a last resort.
    """
    if not data:
        return ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for label in (declared, declared_meta_charset(data)):
        codec = _codec(label)
        if codec and codec not in ("utf-8", "cp1252"):  # utf-8 failed above; cp1252 checked below
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        as_1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        as_1252 = None
    if as_1252 is not None and _looks_western(as_1252):
        return as_1252
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")
