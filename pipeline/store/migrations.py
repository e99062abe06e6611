"""The schema, as numbered migrations. The only place tables are defined.

Each migration runs once, in one transaction, and sets `PRAGMA user_version` to its number, so
applying them again is a no-op and an older database is brought up to date on open.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "articles, entities, mentions, claims, claim history, digests, runs, full-text search", """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,               -- canonical URL
    source TEXT,                            -- the source (config/sources.toml name) it came from
    title TEXT,
    author TEXT,
    published TEXT,                         -- ISO date or datetime, as the page said
    language TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,             -- sha256 of text; a new hash is a new version
    version INTEGER NOT NULL DEFAULT 1,
    first_seen_at TEXT NOT NULL,            -- when ingest first stored it (UTC)
    fetched_at TEXT,                        -- when the crawler fetched the stored version
    etag TEXT,
    last_modified TEXT,
    relevant INTEGER,                       -- 1/0 once analysed
    relevance_score REAL,
    analysed_at TEXT,                       -- NULL: waiting for analyse
    analysis_error TEXT                     -- why the last analysis failed, if it did
);
CREATE INDEX articles_pending ON articles(analysed_at) WHERE analysed_at IS NULL;
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_first_seen ON articles(first_seen_at);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,                    -- knowledge-base id, or model:<slug> for unknown ones
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('company', 'app', 'regulator')),
    owner_id TEXT,                          -- owning company's id (apps, subsidiaries)
    country TEXT,
    origin TEXT NOT NULL DEFAULT 'kb',      -- kb | model
    confidence REAL NOT NULL DEFAULT 1.0
);
CREATE INDEX entities_type ON entities(type);
CREATE INDEX entities_owner ON entities(owner_id);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    surface TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id, article_id);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    host_id TEXT REFERENCES entities(id),
    host TEXT NOT NULL,
    guest_id TEXT REFERENCES entities(id),
    guest TEXT,                             -- NULL: a generic guest ("external links")
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'links', 'messaging', 'app_distribution',
                                       'device_access', 'data_portability', 'other')),
    status TEXT NOT NULL CHECK (status IN ('live', 'planned', 'pending', 'unclear', 'refused', 'ordered')),
    evidence TEXT NOT NULL,                 -- the sentence(s) the claim rests on
    start INTEGER NOT NULL,                 -- offsets of the evidence in articles.text
    "end" INTEGER NOT NULL,
    confidence REAL NOT NULL DEFAULT 1.0,
    observed_on TEXT NOT NULL               -- the article's publication date, else its fetch date
);
CREATE INDEX claims_host ON claims(host_id, kind, observed_on);
CREATE INDEX claims_guest ON claims(guest_id, kind, observed_on);
CREATE INDEX claims_status ON claims(status, observed_on);
CREATE INDEX claims_observed ON claims(observed_on);
CREATE INDEX claims_article ON claims(article_id);

-- Per (host, guest, kind): each status observed, when, in which article, and the one before it.
CREATE VIEW claim_history AS
SELECT
    c.id AS claim_id,
    c.host_id, c.host, c.guest_id, c.guest, c.kind, c.status,
    LAG(c.status) OVER w AS previous_status,
    c.observed_on, c.article_id, a.url, a.title, c.evidence
FROM claims c JOIN articles a ON a.id = c.article_id
WINDOW w AS (PARTITION BY COALESCE(c.host_id, c.host), COALESCE(c.guest_id, c.guest, ''), c.kind
             ORDER BY c.observed_on, c.id);

CREATE TABLE digests (
    week TEXT PRIMARY KEY,                  -- ISO week, e.g. 2026-W48
    created_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'written', 'failed')),
    sent_at TEXT,
    recipients TEXT,                        -- JSON list
    message_id TEXT NOT NULL,               -- stable per week: the same Message-ID on every attempt
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    path TEXT                               -- the .eml written, for dry runs and file delivery
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    stage TEXT NOT NULL,                    -- crawl | ingest | analyse | digest | cycle
    source TEXT,                            -- for per-source crawl results
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed', 'interrupted')),
    counts TEXT,                            -- JSON object
    errors TEXT,                            -- JSON list
    pid INTEGER
);
CREATE INDEX runs_stage ON runs(stage, started_at);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""),
    (2, "digests: the sending phase, the sending process, unconfirmed and skipped weeks", """
-- Rebuilt to widen the state CHECK: 'unconfirmed' (the body went out, the server's answer was never
-- recorded: not sent again automatically) and 'skipped' (an empty week with digest.send_empty off).
-- phase: where a send stands -- built | envelope (MAIL/RCPT, no body sent yet) | data (the body is
-- being or has been transmitted) | accepted (the server answered 250). pid: the process sending it.
CREATE TABLE digests_v2 (
    week TEXT PRIMARY KEY,                  -- ISO week, e.g. 2026-W48
    created_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'written', 'failed', 'unconfirmed', 'skipped')),
    phase TEXT CHECK (phase IN ('built', 'envelope', 'data', 'accepted')),
    phase_at TEXT,                          -- when the row entered its phase (UTC)
    pid INTEGER,                            -- the process sending it (state 'sending')
    sent_at TEXT,
    recipients TEXT,                        -- JSON list
    message_id TEXT NOT NULL,               -- stable per week: the same Message-ID on every attempt
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    path TEXT,                              -- the .eml written, for file delivery
    forced INTEGER NOT NULL DEFAULT 0       -- times sent again on purpose (digest --force)
);
INSERT INTO digests_v2 (week, created_at, state, sent_at, recipients, message_id, attempts, last_error, path)
    SELECT week, created_at, state, sent_at, recipients, message_id, attempts, last_error, path FROM digests;
DROP TABLE digests;
ALTER TABLE digests_v2 RENAME TO digests;
"""),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]
