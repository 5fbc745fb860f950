-- Search that finds the fix from the words people type.
--
-- The search document gains three columns: the names of the thread's device
-- and every device above it ("Kenmore Washer Washing Machine Appliance": a
-- question names its device as people call it), the plain text of the
-- replies that are neither the accepted solution nor verified (most askers
-- never accept, and the fix is often in a plain reply; ranked below the
-- question), and the two-character pieces of its Hangul/CJK text
-- (search::words::bigrams), so "배터리" finds "배터리가". The device names and
-- pieces are columns of the full-text index with weights of their own
-- (search::builtin); the replies have an index of their own.
--
-- Documents written before this migration have the new columns empty until
-- `fixloop reindex` rebuilds them (the README says so).

ALTER TABLE search_docs ADD COLUMN devices TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN replies TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN grams TEXT NOT NULL DEFAULT '';

DROP TRIGGER search_docs_ai;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_au;
DROP TABLE search_fts;

CREATE VIRTUAL TABLE search_fts USING fts5(
    title, devices, body, grams,
    content = 'search_docs', content_rowid = 'thread_id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- The replies in an index of their own: searched only when fewer than a
-- page of threads match by their title, device names, question and answers
-- (search::builtin::Plan::replies). In the same index, every common word's
-- ranking read the replies' word positions too: 100,000 threads' searches
-- took twice as long.
CREATE VIRTUAL TABLE search_replies_fts USING fts5(
    replies,
    content = 'search_docs', content_rowid = 'thread_id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, devices, body, grams)
    VALUES (new.thread_id, new.title, new.devices, new.body, new.grams);
    INSERT INTO search_replies_fts (rowid, replies) VALUES (new.thread_id, new.replies);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, devices, body, grams)
    VALUES ('delete', old.thread_id, old.title, old.devices, old.body, old.grams);
    INSERT INTO search_replies_fts (search_replies_fts, rowid, replies)
    VALUES ('delete', old.thread_id, old.replies);
END;
-- Only a change of the words touches an index (a document's facts change
-- far more often: solved, verified, activity).
CREATE TRIGGER search_docs_au AFTER UPDATE OF title, devices, body, grams ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, devices, body, grams)
    VALUES ('delete', old.thread_id, old.title, old.devices, old.body, old.grams);
    INSERT INTO search_fts (rowid, title, devices, body, grams)
    VALUES (new.thread_id, new.title, new.devices, new.body, new.grams);
END;
CREATE TRIGGER search_docs_au_replies AFTER UPDATE OF replies ON search_docs BEGIN
    INSERT INTO search_replies_fts (search_replies_fts, rowid, replies)
    VALUES ('delete', old.thread_id, old.replies);
    INSERT INTO search_replies_fts (rowid, replies) VALUES (new.thread_id, new.replies);
END;
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
INSERT INTO search_replies_fts (search_replies_fts) VALUES ('rebuild');

-- The words the documents hold and in how many (search::vocabulary), for
-- "did you mean"; rebuilt by the search job, versioned so every app server
-- knows when to read it again.
CREATE TABLE search_words (
    word TEXT PRIMARY KEY NOT NULL,
    docs BIGINT NOT NULL
) WITHOUT ROWID;
CREATE TABLE search_vocabulary (
    id INTEGER PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL,
    built_from TEXT NOT NULL
);
