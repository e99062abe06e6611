"""crawler.language: the language of text that does not declare one."""

from __future__ import annotations

import pytest

from crawler import language
from crawler.language import choose_language, detect_language


@pytest.mark.parametrize(("text", "code"), [
    ("The competition authority said the largest messaging service must let rival apps exchange messages "
     "with its users by the end of next year.", "en"),
    ("Die Wettbewerbsbehörde erklärte, dass der größte Messenger konkurrierenden Apps den Austausch von "
     "Nachrichten mit seinen Nutzern ermöglichen muss.", "de"),
    ("L'autorité de la concurrence a déclaré que la plus grande messagerie devait permettre aux applications "
     "concurrentes d'échanger des messages avec ses utilisateurs.", "fr"),
    ("La autoridad de competencia dijo que el mayor servicio de mensajería debe permitir que las aplicaciones "
     "rivales intercambien mensajes con sus usuarios.", "es"),
    ("监管部门要求大型互联网平台停止屏蔽彼此的网址链接，并给出了整改期限。业内人士认为，这一变化有助于打破平台之间长期存在的壁垒。", "zh"),
    ("規制当局は大手プラットフォームに対し、他社のウェブサイトへのリンクを遮断しないよう求めた。", "ja"),
])
def test_detects_the_language_of_a_paragraph(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", [None, "", "OK", "12345 67890 !!!", "Hi there"])
def test_too_little_text_gives_no_language(text):
    assert detect_language(text) is None


LONG_GERMAN = ("Die Wettbewerbsbehörde erklärte am Montag, dass der größte Messenger konkurrierenden Apps den "
               "Austausch von Nachrichten mit seinen Nutzern ermöglichen muss. Das Unternehmen kündigte an, die "
               "Entscheidung umzusetzen, und erklärte, dass die Ingenieure bereits an einer ersten Version der "
               "Verbindung arbeiten, die Texte, Bilder und Sprachnachrichten übertragen soll.")


@pytest.mark.parametrize(("declared", "hinted", "text", "expected"), [
    ("de", "en", LONG_GERMAN, "de"),  # the page's own declaration first
    ("en", None, LONG_GERMAN, "de"),  # a template's lang="en" on a long German text is overruled
    ("en", None, "Kurzer deutscher Text über Regeln und Apps.", "en"),  # too short to overrule
    (None, "fr", LONG_GERMAN, "fr"),  # the source's language next
    (None, None, LONG_GERMAN, "de"),  # detection last
    (None, None, "", None),
])
def test_choose_language(declared, hinted, text, expected):
    assert choose_language(declared, hinted, text) == expected


def test_a_declared_english_page_in_plain_english_skips_the_model(monkeypatch):
    text = ("The European Commission said on Tuesday that the company must open its messaging app to rival "
            "services, and that it has until the end of the year to comply with the order from the regulator. "
            "A spokesperson for the firm said it was studying the decision.")

    def no_model(_text):
        raise AssertionError("the model ran")

    monkeypatch.setattr(language, "_classify", no_model)
    assert language.choose_language("en", None, text) == "en"


def test_a_page_declared_english_but_written_in_spanish_is_still_overruled():
    text = ("La Comisión Europea anunció el martes que la empresa deberá abrir su aplicación de mensajería a los "
            "servicios rivales antes de que termine el año, según la decisión publicada por el regulador en "
            "Bruselas. Un portavoz de la compañía dijo que estudiaría la resolución con atención y que no descarta "
            "recurrirla ante los tribunales europeos en los próximos meses, como ya hizo con otras decisiones.")
    assert language.choose_language("en", None, text) == "es"
