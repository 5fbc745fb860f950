-- What a search's share (search::builtin::search_share_pg) reads of each of
-- a common word's 13,000 matches, made narrower and cheaper to read. On the
-- 100,000-thread benchmark set one share of "battery" took 48 ms before,
-- 35 ms with the first two changes below, 29 ms with all three.
--
-- * `facts`: a match's flags, kind and recovery path as one small number
--   (flags + 8 × the kind's place + 128 × the path's place, in the lists
--   below, which search::builtin::FACT_KINDS and FACT_PATHS repeat). The
--   share counts its matches per `facts` and device, and puts the words
--   back only on the ~90 counted rows. The kinds and paths are the ones
--   their CHECK constraints allow: a new one needs a migration there and
--   here.
-- * `device_ids`: the ids on the device path, so the device one level
--   below a filter is an array element, not string functions on every
--   match.
-- * The replies' words leave for a table of their own,
--   search_reply_matches: they were 1.1 kB of a match's 1.9 kB, read past
--   on every match of the first source, which most searches are.
--
-- search_matches is made again (a dropped column keeps its bytes until the
-- table is rewritten), in the same two partitions as migration 000040.
--
-- And the GIN indexes keep no pending list (`fastupdate`): every search read
-- the whole list, up to 4 MB, until autovacuum merged it in. Just after the
-- benchmark set was built (~500 pending pages per partition) a search for
-- two uncommon words read 501 pages and took 3.7 ms to find its first
-- twenty matches, 0.3 ms with the list merged. Each write now updates the
-- index at once instead.

CREATE TABLE search_reply_matches (
    thread_id BIGINT PRIMARY KEY REFERENCES search_docs (thread_id) ON DELETE CASCADE,
    replies_tsv tsvector NOT NULL
);
INSERT INTO search_reply_matches (thread_id, replies_tsv)
    SELECT thread_id, replies_tsv FROM search_matches;

CREATE TABLE search_matches_narrow (
    thread_id BIGINT NOT NULL REFERENCES search_docs (thread_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    device_path TEXT,
    solved BOOLEAN NOT NULL,
    verified BOOLEAN NOT NULL,
    recovery_path TEXT,
    firmware_current BOOLEAN NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    tsv tsvector NOT NULL,
    facts SMALLINT GENERATED ALWAYS AS ((
        solved::int + 2 * verified::int + 4 * firmware_current::int
        + 8 * COALESCE(array_position(
            ARRAY['troubleshooting', 'guide', 'part_swap', 'discussion', 'known_issue', 'idea'], kind), 0)
        + 128 * COALESCE(array_position(ARRAY['customer_led', 'joint', 'staff_led'], recovery_path), 0)
    )::smallint) STORED,
    device_ids BIGINT[] GENERATED ALWAYS AS (
        string_to_array(btrim(device_path, '/'), '/')::bigint[]) STORED,
    PRIMARY KEY (thread_id)
) PARTITION BY HASH (thread_id);
CREATE TABLE search_matches_narrow_0 PARTITION OF search_matches_narrow FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE search_matches_narrow_1 PARTITION OF search_matches_narrow FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO search_matches_narrow (thread_id, kind, device_path, solved, verified, recovery_path,
                                   firmware_current, last_activity_at, tsv)
    SELECT thread_id, kind, device_path, solved, verified, recovery_path,
           firmware_current, last_activity_at, tsv
    FROM search_matches;
DROP TABLE search_matches;
ALTER TABLE search_matches_narrow RENAME TO search_matches;
-- The share's number is in the name (search::builtin::search_share_pg).
ALTER TABLE search_matches_narrow_0 RENAME TO search_matches_0;
ALTER TABLE search_matches_narrow_1 RENAME TO search_matches_1;

-- Options given to a partitioned index reach its partitions' indexes.
CREATE INDEX search_matches_tsv ON search_matches USING GIN (tsv) WITH (fastupdate = off);
CREATE INDEX search_matches_device ON search_matches (device_path text_pattern_ops);
CREATE INDEX search_matches_newest ON search_matches (last_activity_at);
CREATE INDEX search_reply_matches_tsv ON search_reply_matches USING GIN (replies_tsv) WITH (fastupdate = off);

-- search_docs' trigger keeps both tables; the replies' words only when
-- they changed (a reply added), the rest as before (migration 000028).
CREATE OR REPLACE FUNCTION search_matches_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.replies IS DISTINCT FROM OLD.replies THEN
        INSERT INTO search_reply_matches (thread_id, replies_tsv)
        VALUES (NEW.thread_id, search_replies_tsv(NEW.replies))
        ON CONFLICT (thread_id) DO UPDATE SET replies_tsv = EXCLUDED.replies_tsv;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.title = OLD.title AND NEW.body = OLD.body
       AND NEW.devices = OLD.devices AND NEW.grams = OLD.grams THEN
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
            search_tsv(NEW.title, NEW.devices, NEW.body, NEW.grams))
    ON CONFLICT (thread_id) DO UPDATE SET kind = EXCLUDED.kind, device_path = EXCLUDED.device_path,
        solved = EXCLUDED.solved, verified = EXCLUDED.verified, recovery_path = EXCLUDED.recovery_path,
        firmware_current = EXCLUDED.firmware_current, last_activity_at = EXCLUDED.last_activity_at,
        tsv = EXCLUDED.tsv;
    RETURN NULL;
END;
$$;
ANALYZE search_matches;
ANALYZE search_reply_matches;
