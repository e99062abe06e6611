"""crawler.encoding: page bytes -> text, whatever the page claims its charset is."""

from __future__ import annotations

import codecs

import pytest

from crawler.encoding import declared_meta_charset, decode_html

FRENCH = "L'autorité a jugé que la façade « fermée » du réseau nuisait aux concurrents — déjà en 2023."
GERMAN = "Die Behörde prüft, ob der Konzern seine Schnittstellen öffnen muss: „Größer ist nicht besser“."
RUSSIAN = "Регулятор потребовал от платформы открыть доступ конкурентам к платёжной системе."
GERMAN_LATIN9 = "Die Behörde prüft, ob der Konzern seine Schnittstellen öffnen muss. Die Strafe: 50 Mio. €."
CHINESE = "监管部门要求大型互联网平台停止屏蔽彼此的网址链接。"


def html(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p><p>{text}</p></body></html>"


@pytest.mark.parametrize(("text", "codec", "header", "meta"), [
    (FRENCH, "utf-8", None, '<meta charset="utf-8">'),
    (FRENCH, "utf-8", "iso-8859-1", '<meta charset="iso-8859-1">'),  # declares Latin-1, is UTF-8
    (FRENCH, "cp1252", "utf-8", '<meta charset="utf-8">'),  # declares UTF-8, is windows-1252
    (FRENCH, "cp1252", None, ""),  # declares nothing
    (FRENCH, "cp1252", None, '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'),
    (GERMAN, "cp1252", "utf-8", ""),
    (GERMAN_LATIN9, "iso-8859-15", None, '<meta charset="iso-8859-15">'),
    (RUSSIAN, "cp1251", None, '<meta charset="windows-1251">'),
    (RUSSIAN, "cp1251", "utf-8", '<meta charset="utf-8">'),  # declares UTF-8, is windows-1251
    (RUSSIAN, "utf-8", "windows-1251", ""),  # header says windows-1251, bytes are UTF-8
    (CHINESE, "gb18030", None, '<meta charset="gbk">'),
    (CHINESE, "utf-8", "gbk", '<meta charset="gbk">'),
    (CHINESE, "shift_jis", None, '<meta charset="shift_jis">'),
    (FRENCH, "utf-8", "no-such-charset", '<meta charset="bogus">'),
])
def test_text_comes_out_right_whatever_is_declared(text, codec, header, meta):
    if codec == "shift_jis":
        text = "規制当局は大手プラットフォームに他社へのリンク遮断をやめるよう求めた。"
    data = html(text, meta).encode(codec)
    assert text in decode_html(data, header)


@pytest.mark.parametrize(("bom", "codec"), [
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_a_byte_order_mark_decides(bom, codec):
    data = bom + html(GERMAN, '<meta charset="iso-8859-1">').encode(codec)
    decoded = decode_html(data, "iso-8859-1")
    assert GERMAN in decoded and not decoded.startswith("\ufeff")


@pytest.mark.parametrize("data", [b"", b"\x00" * 10, bytes(range(256)), b"\xff\xfe\xfd" * 100, b"\x81\x8d\x8f\x90\x9d"])
def test_decoding_never_raises(data):
    assert isinstance(decode_html(data), str)


def test_empty_bytes_give_empty_text():
    assert decode_html(b"") == ""


@pytest.mark.parametrize(("head", "expected"), [
    (b'<meta charset="UTF-8">', "utf-8"),
    (b"<meta charset=windows-1252>", "windows-1252"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', "shift_jis"),
    (b"<title>none</title>", None),
])
def test_declared_meta_charset(head, expected):
    assert declared_meta_charset(b"<html><head>" + head + b"</head></html>") == expected
