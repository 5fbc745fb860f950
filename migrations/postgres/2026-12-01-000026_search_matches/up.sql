-- What a PostgreSQL search reads for every match, in a narrow table of its
-- own: the facts the filters and facet counts test, the activity time and the
-- tsvector ranking reads (about 600 bytes a row, against 1,100 for the
-- document with its title and body, which only the page's hits need, for
-- their headlines). A common word matches a quarter of the threads; reading
-- them from search_docs cost half of a search's time.
--
-- Kept by a trigger on search_docs, so every writer of the document (the
-- refresh on each change, a firmware release, bulk loads) keeps it as well,
-- in the same transaction; rows leave with their document.

CREATE TABLE search_matches (
    thread_id BIGINT PRIMARY KEY REFERENCES search_docs (thread_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    device_path TEXT,
    solved BOOLEAN NOT NULL,
    verified BOOLEAN NOT NULL,
    recovery_path TEXT,
    firmware_current BOOLEAN NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    tsv tsvector NOT NULL
);

CREATE FUNCTION search_matches_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.title = OLD.title AND NEW.body = OLD.body THEN
        -- The words are unchanged: keep the tsvector, copy the facts.
        UPDATE search_matches SET kind = NEW.kind, device_path = NEW.device_path,
            solved = NEW.solved, verified = NEW.verified, recovery_path = NEW.recovery_path,
            firmware_current = NEW.firmware_current, last_activity_at = NEW.last_activity_at
        WHERE thread_id = NEW.thread_id;
        RETURN NULL;
    END IF;
    INSERT INTO search_matches (thread_id, kind, device_path, solved, verified, recovery_path,
                                firmware_current, last_activity_at, tsv)
    VALUES (NEW.thread_id, NEW.kind, NEW.device_path, NEW.solved, NEW.verified, NEW.recovery_path,
            NEW.firmware_current, NEW.last_activity_at,
            setweight(to_tsvector('english', NEW.title), 'A') || setweight(to_tsvector('english', NEW.body), 'B'))
    ON CONFLICT (thread_id) DO UPDATE SET kind = EXCLUDED.kind, device_path = EXCLUDED.device_path,
        solved = EXCLUDED.solved, verified = EXCLUDED.verified, recovery_path = EXCLUDED.recovery_path,
        firmware_current = EXCLUDED.firmware_current, last_activity_at = EXCLUDED.last_activity_at,
        tsv = EXCLUDED.tsv;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_matches_keep AFTER INSERT OR UPDATE ON search_docs
    FOR EACH ROW EXECUTE FUNCTION search_matches_keep();

INSERT INTO search_matches (thread_id, kind, device_path, solved, verified, recovery_path,
                            firmware_current, last_activity_at, tsv)
    SELECT thread_id, kind, device_path, solved, verified, recovery_path,
           firmware_current, last_activity_at, tsv
    FROM search_docs;

-- The document keeps no tsvector or search indexes of its own now.
DROP INDEX search_docs_tsv;
DROP INDEX search_docs_device;
ALTER TABLE search_docs DROP COLUMN tsv;

CREATE INDEX search_matches_tsv ON search_matches USING GIN (tsv);
CREATE INDEX search_matches_device ON search_matches (device_path text_pattern_ops);
-- "Newest first": walking the matches from the newest, a common word finds a
-- page's 20 among the first hundred rows (0.5 ms) instead of reading and
-- sorting all of its matches (20 ms for a word in a quarter of the threads);
-- for a rare word the planner keeps the GIN index.
CREATE INDEX search_matches_newest ON search_matches (last_activity_at);
