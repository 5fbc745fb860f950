-- Back to migration 000040's search_matches: the replies' words in it again,
-- no facts or device ids, and GIN indexes with their default pending list.
CREATE TABLE search_matches_shared (
    thread_id BIGINT NOT NULL REFERENCES search_docs (thread_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    device_path TEXT,
    solved BOOLEAN NOT NULL,
    verified BOOLEAN NOT NULL,
    recovery_path TEXT,
    firmware_current BOOLEAN NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    tsv tsvector NOT NULL,
    replies_tsv tsvector NOT NULL DEFAULT ''::tsvector,
    PRIMARY KEY (thread_id)
) PARTITION BY HASH (thread_id);
CREATE TABLE search_matches_shared_0 PARTITION OF search_matches_shared FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE search_matches_shared_1 PARTITION OF search_matches_shared FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO search_matches_shared (thread_id, kind, device_path, solved, verified, recovery_path,
                                   firmware_current, last_activity_at, tsv, replies_tsv)
    SELECT m.thread_id, m.kind, m.device_path, m.solved, m.verified, m.recovery_path,
           m.firmware_current, m.last_activity_at, m.tsv, COALESCE(r.replies_tsv, ''::tsvector)
    FROM search_matches m LEFT JOIN search_reply_matches r USING (thread_id);
DROP TABLE search_matches;
DROP TABLE search_reply_matches;
ALTER TABLE search_matches_shared RENAME TO search_matches;
ALTER TABLE search_matches_shared_0 RENAME TO search_matches_0;
ALTER TABLE search_matches_shared_1 RENAME TO search_matches_1;
CREATE INDEX search_matches_tsv ON search_matches USING GIN (tsv);
CREATE INDEX search_matches_replies_tsv ON search_matches USING GIN (replies_tsv);
CREATE INDEX search_matches_device ON search_matches (device_path text_pattern_ops);
CREATE INDEX search_matches_newest ON search_matches (last_activity_at);

CREATE OR REPLACE FUNCTION search_matches_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.title = OLD.title AND NEW.body = OLD.body
       AND NEW.devices = OLD.devices AND NEW.replies = OLD.replies AND NEW.grams = OLD.grams THEN
        -- The words are unchanged: keep the tsvectors, copy the facts.
        UPDATE search_matches SET kind = NEW.kind, device_path = NEW.device_path,
            solved = NEW.solved, verified = NEW.verified, recovery_path = NEW.recovery_path,
            firmware_current = NEW.firmware_current, last_activity_at = NEW.last_activity_at
        WHERE thread_id = NEW.thread_id;
        RETURN NULL;
    END IF;
    INSERT INTO search_matches (thread_id, kind, device_path, solved, verified, recovery_path,
                                firmware_current, last_activity_at, tsv, replies_tsv)
    VALUES (NEW.thread_id, NEW.kind, NEW.device_path, NEW.solved, NEW.verified, NEW.recovery_path,
            NEW.firmware_current, NEW.last_activity_at,
            search_tsv(NEW.title, NEW.devices, NEW.body, NEW.grams), search_replies_tsv(NEW.replies))
    ON CONFLICT (thread_id) DO UPDATE SET kind = EXCLUDED.kind, device_path = EXCLUDED.device_path,
        solved = EXCLUDED.solved, verified = EXCLUDED.verified, recovery_path = EXCLUDED.recovery_path,
        firmware_current = EXCLUDED.firmware_current, last_activity_at = EXCLUDED.last_activity_at,
        tsv = EXCLUDED.tsv, replies_tsv = EXCLUDED.replies_tsv;
    RETURN NULL;
END;
$$;
ANALYZE search_matches;
