CREATE TABLE search_matches_whole (
    thread_id BIGINT PRIMARY KEY REFERENCES search_docs (thread_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    device_path TEXT,
    solved BOOLEAN NOT NULL,
    verified BOOLEAN NOT NULL,
    recovery_path TEXT,
    firmware_current BOOLEAN NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    tsv tsvector NOT NULL,
    replies_tsv tsvector NOT NULL DEFAULT ''::tsvector
);
INSERT INTO search_matches_whole SELECT thread_id, kind, device_path, solved, verified, recovery_path,
    firmware_current, last_activity_at, tsv, replies_tsv FROM search_matches;
DROP TABLE search_matches;
ALTER TABLE search_matches_whole RENAME TO search_matches;
CREATE INDEX search_matches_tsv ON search_matches USING GIN (tsv);
CREATE INDEX search_matches_replies_tsv ON search_matches USING GIN (replies_tsv);
CREATE INDEX search_matches_device ON search_matches (device_path text_pattern_ops);
CREATE INDEX search_matches_newest ON search_matches (last_activity_at);
