DROP TABLE search_vocabulary;
DROP TABLE search_words;
DROP TRIGGER search_docs_ai;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_au;
DROP TRIGGER search_docs_au_replies;
DROP TABLE search_replies_fts;
DROP TABLE search_fts;
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
ALTER TABLE search_docs DROP COLUMN grams;
ALTER TABLE search_docs DROP COLUMN replies;
ALTER TABLE search_docs DROP COLUMN devices;
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
