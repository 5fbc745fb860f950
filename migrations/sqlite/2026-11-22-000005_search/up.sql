-- Search: one document per thread (its title, question, accepted and verified
-- answers, guide steps), the builtin full-text index over it (FTS5), and the
-- outbox that feeds an external engine.

CREATE TABLE search_docs (
    thread_id INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    device_path TEXT,
    solved BOOLEAN NOT NULL DEFAULT 0,
    verified BOOLEAN NOT NULL DEFAULT 0,
    recovery_path TEXT,
    last_activity_at TIMESTAMP NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX search_docs_device ON search_docs (device_path);

CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body,
    content = 'search_docs', content_rowid = 'thread_id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, body) VALUES (new.thread_id, new.title, new.body);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.thread_id, old.title, old.body);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.thread_id, old.title, old.body);
    INSERT INTO search_fts (rowid, title, body) VALUES (new.thread_id, new.title, new.body);
END;

-- Changes waiting to reach the search engine; written in the same
-- transaction as the change, deleted once the engine confirmed it.
CREATE TABLE search_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX search_outbox_due ON search_outbox (next_attempt_at, id);
