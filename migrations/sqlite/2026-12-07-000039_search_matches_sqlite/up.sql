-- What ranking and counting read for each match, in a narrow table of its
-- own keyed by the thread (an integer rowid: a match finds its row in one
-- b-tree step, where the covering index search_docs_facts compared records
-- at each level), with each document's length in words (`words`).
--
-- The length is what the ranking function `fixloop_rank`
-- (db::search_functions) reads instead of FTS5's docsize table: bm25() ran
-- one SQL statement per match to read it, half of the time of ranking a
-- common word's 26,000 matches on the 100,000-thread benchmark set. NULL
-- until the document is written again or the `search_lengths` job has
-- counted it (search::document::fill_missing_words); the ranking then reads
-- FTS5's own count.
ALTER TABLE search_docs ADD COLUMN words INTEGER;

CREATE TABLE search_matches (
    thread_id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    device_path TEXT,
    solved BOOLEAN NOT NULL,
    verified BOOLEAN NOT NULL,
    recovery_path TEXT,
    firmware_current BOOLEAN NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    lang TEXT,
    words INTEGER
);

INSERT INTO search_matches (thread_id, kind, device_path, solved, verified, recovery_path,
                            firmware_current, last_activity_at, lang, words)
    SELECT thread_id, kind, device_path, solved, verified, recovery_path,
           firmware_current, last_activity_at, lang, words
    FROM search_docs;

-- Kept by triggers, in the transaction that writes the document.
CREATE TRIGGER search_matches_ai AFTER INSERT ON search_docs BEGIN
    INSERT OR REPLACE INTO search_matches (thread_id, kind, device_path, solved, verified,
        recovery_path, firmware_current, last_activity_at, lang, words)
    VALUES (new.thread_id, new.kind, new.device_path, new.solved, new.verified,
        new.recovery_path, new.firmware_current, new.last_activity_at, new.lang, new.words);
END;

CREATE TRIGGER search_matches_au AFTER UPDATE ON search_docs BEGIN
    INSERT OR REPLACE INTO search_matches (thread_id, kind, device_path, solved, verified,
        recovery_path, firmware_current, last_activity_at, lang, words)
    VALUES (new.thread_id, new.kind, new.device_path, new.solved, new.verified,
        new.recovery_path, new.firmware_current, new.last_activity_at, new.lang, new.words);
END;

CREATE TRIGGER search_matches_ad AFTER DELETE ON search_docs BEGIN
    DELETE FROM search_matches WHERE thread_id = old.thread_id;
END;

-- Searches read search_matches now.
DROP INDEX search_docs_facts;
