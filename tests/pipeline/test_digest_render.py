"""Rendering: golden HTML and text for a fixed digest; untrusted article text comes out inert.

Regenerate the golden files after an intended change with: UPDATE_GOLDEN=1 pytest tests/pipeline/test_digest_render.py
"""

import os
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.digest.build import WeekRows, build_digest
from pipeline.digest.message import build_message, message_bytes
from pipeline.digest.render import render_html, render_text
from pipeline.digest.week import Week, weeks_ending

GOLDEN = Path(__file__).parent / "golden"
WEEK = Week(2026, 48)
HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>'


def sample_rows() -> WeekRows:
    def c(n, host, guest, kind, status, day, title, url, evidence, article):
        return {"id": n, "article_id": article, "host": host, "guest": guest, "kind": kind, "status": status,
                "evidence": evidence, "title": title, "url": url, "observed_on": day}

    return WeekRows(
        claims=(
            c(1, "Taobao", "WeChat Pay", "payment", "live", "2026-11-24", "Taobao now takes WeChat Pay",
              "https://ledger.example/2026/11/taobao-wechat-pay?utm=x&ref=1",
              "Shoppers on Taobao can now pay with WeChat Pay, Alibaba said on Tuesday.", 1),
            c(2, "WeChat", None, "links", "live", "2026-11-25", HOSTILE_TITLE, "javascript:alert(document.cookie)",
              "WeChat now opens links to <b>rival</b> shops & marketplaces.", 2),
            c(3, "WhatsApp", "third-party chats", "messaging", "planned", "2026-11-26", "WhatsApp interop plan",
              "https://wire.example/whatsapp", "WhatsApp will carry chats from other messengers next year.", 3),
        ),
        status_changes=({"host": "iOS", "guest": "NFC wallets", "kind": "device_access", "previous_status": "ordered",
                         "status": "live", "observed_on": "2026-11-27", "evidence": "Apple opened the NFC chip.",
                         "title": "Apple opens NFC", "url": "https://wire.example/nfc"},),
        mentions=({"id": "tencent", "name": "Tencent", "type": "company", "mentions": 6, "articles": 2},
                  {"id": "wechat", "name": "WeChat", "type": "app", "mentions": 4, "articles": 2},
                  {"id": "evil", "name": "<b>Evil & Co</b>", "type": "company", "mentions": 1, "articles": 1}),
        previous_mentions=({"id": "tencent", "mentions": 4}, {"id": "wechat", "mentions": 4}),
        sources=({"source": "ledger", "articles": 2, "relevant": 2}, {"source": "wire", "articles": 2, "relevant": 1}),
        late_arrivals=({"id": 7, "url": "data:text/html,<script>alert(2)</script>", "title": "An older story",
                        "source": "wire", "day": "2026-10-02", "first_seen_at": "2026-11-26T10:00:00Z"},),
        late_claims=({"article_id": 7, "host": "Google Play", "guest": "rival stores", "kind": "app_distribution",
                      "status": "ordered", "evidence": "The court ordered Google to carry rival stores.",
                      "observed_on": "2026-10-02"},),
        claims_by_day=({"day": "2026-11-24", "status": "live", "claims": 2}, {"day": "2026-11-26", "status": "planned", "claims": 1},
                       {"day": "2026-11-18", "status": "pending", "claims": 3}, {"day": "2026-11-12", "status": "refused", "claims": 1}),
    )


def sample_digest():
    return build_digest(sample_rows(), WEEK, "2026-11-30T08:00:00Z", 10, weeks_ending(WEEK, 4))


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1 once"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept)"


@pytest.mark.parametrize("name, render, make", [
    ("digest-2026-W48.html", render_html, sample_digest),
    ("digest-2026-W48.txt", render_text, sample_digest),
    ("digest-empty.html", render_html, lambda: build_digest(WeekRows(), WEEK, "2026-11-30T08:00:00Z")),
    ("digest-empty.txt", render_text, lambda: build_digest(WeekRows(), WEEK, "2026-11-30T08:00:00Z")),
])
def test_rendering_matches_the_golden_files(name, render, make):
    check_golden(name, render(make()))


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.hrefs, self.handlers, self.text = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for key, value in attrs:
            if key == "href":
                self.hrefs.append(value)
            if key.startswith("on"):
                self.handlers.append(key)

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_titles_and_links_come_out_inert_in_html():
    html = render_html(sample_digest())
    page = Collect()
    page.feed(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert page.handlers == []
    assert page.hrefs == ["https://ledger.example/2026/11/taobao-wechat-pay?utm=x&ref=1", "https://wire.example/whatsapp",
                          "https://wire.example/nfc"]
    visible = "".join(page.text)
    assert HOSTILE_TITLE in visible  # shown as text, not run
    assert "<b>Evil & Co</b>" in visible and "rival</b> shops & marketplaces" in visible
    assert "javascript:" not in html and "data:text" not in html


def test_the_text_part_shows_only_http_links():
    text = render_text(sample_digest())
    assert "javascript:" not in text and "data:text" not in text
    assert "https://wire.example/whatsapp" in text


def test_the_message_is_multipart_text_then_html_with_the_given_message_id():
    import email
    import email.policy

    digest = sample_digest()
    message = build_message(digest, render_html(digest), render_text(digest), "watch@example.org",
                            ("ana@example.org", "ben@example.org"), "<id-1@example.org>",
                            datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc))
    parsed = email.message_from_bytes(message_bytes(message), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed["Message-ID"] == "<id-1@example.org>"
    assert parsed["To"] == "ana@example.org, ben@example.org"
    assert parsed["Subject"] == "Interop Watch 2026-W48: 3 new claims, 1 status change, 1 late arrival"
    assert "\r\n" in message_bytes(message).decode() and "\n\n" not in message_bytes(message).decode().replace("\r\n", "")
