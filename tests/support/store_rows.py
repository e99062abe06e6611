"""Write articles and their extractions into a real store through the store's own functions.

    add_article(db, "https://news.example/a", published="2026-11-24", first_seen="2026-11-25T09:00:00Z",
                claims=[claim("WeChat", "links", "live")], mentions=["tencent", "wechat"])

Entities named in `mentions` or as claim host/guest ids come from ENTITIES (a tiny knowledge base).
"""

from __future__ import annotations

import hashlib
import itertools

import sqlite_utils

from nlp.records import Claim, EntityRef, Extraction, Mention
from pipeline.store import save_extraction, upsert_article

ENTITIES = {e.id: e for e in (
    EntityRef("tencent", "Tencent", "company", country="CN"),
    EntityRef("alibaba", "Alibaba", "company", country="CN"),
    EntityRef("apple", "Apple", "company", country="US"),
    EntityRef("meta", "Meta", "company", country="US"),
    EntityRef("wechat", "WeChat", "app", owner_id="tencent", country="CN"),
    EntityRef("wechat-pay", "WeChat Pay", "app", owner_id="tencent", country="CN"),
    EntityRef("taobao", "Taobao", "app", owner_id="alibaba", country="CN"),
    EntityRef("whatsapp", "WhatsApp", "app", owner_id="meta", country="US"),
    EntityRef("ios", "iOS", "app", owner_id="apple", country="US"),
    EntityRef("eu-commission", "European Commission", "regulator", country="EU"),
)}
_counter = itertools.count(1)


def claim(host: str, kind: str, status: str, guest: str | None = None, evidence: str | None = None,
          host_id: str | None = None, guest_id: str | None = None) -> Claim:
    sentence = evidence or f"{host} {status} {kind} for {guest or 'others'}."
    return Claim(host_id, host, guest_id, guest, kind, status, sentence, 0, len(sentence))


def add_article(db: sqlite_utils.Database, url: str, *, title: str = "An article", published: str | None = None,
                first_seen: str = "2026-11-25T09:00:00Z", fetched_at: str | None = None, source: str = "fixture",
                text: str | None = None, claims: list[Claim] = (), mentions: list[str] = (),
                relevant: bool = True) -> int:
    """Store one article (and, with claims or mentions, its analysis); return its id."""
    text = text or f"Article {next(_counter)} at {url}. " + " ".join(c.evidence for c in claims)
    record = dict(url=url, source=source, title=title, author=None, published=published, language="en", text=text,
                  content_hash=hashlib.sha256(text.encode()).hexdigest(), fetched_at=fetched_at or first_seen,
                  etag=None, last_modified=None)
    upsert_article(db, record, first_seen)
    article_id = db.execute("SELECT id FROM articles WHERE url = ?", [url]).fetchone()[0]
    ids = set(mentions) | {c.host_id for c in claims if c.host_id} | {c.guest_id for c in claims if c.guest_id}
    entities = tuple(ENTITIES[i] for i in sorted(ids))
    found = tuple(Mention(i, ENTITIES[i].name, 0, len(ENTITIES[i].name)) for i in mentions)
    save_extraction(db, article_id, Extraction(str(article_id), relevant, 0.9 if relevant else 0.1, entities, found,
                                               tuple(claims)), first_seen)
    return article_id
