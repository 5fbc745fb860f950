-- Search that finds the fix from the words people type.
--
-- The search document gains three columns: the names of the thread's device
-- and every device above it (a question names its device as people call
-- it), the plain text of the replies that are neither the accepted solution
-- nor verified (the fix is often in a plain reply; ranked below the
-- question), and the two-character pieces of its Hangul/CJK text
-- (search::words::bigrams), so "배터리" finds "배터리가". In the tsvector:
-- the title weighs A, the device names B, the body and the pieces C; the
-- replies have a tsvector of their own, weight D (search::builtin ranks
-- with those weights).
--
-- Documents written before this migration have the new columns empty until
-- `fixloop reindex` rebuilds them (the README says so).

ALTER TABLE search_docs ADD COLUMN devices TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN replies TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN grams TEXT NOT NULL DEFAULT '';

-- The pieces go through the 'simple' configuration: kept as they are.
CREATE FUNCTION search_tsv(title text, devices text, body text, grams text)
RETURNS tsvector LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    t tsvector := to_tsvector('english', title);
    v tsvector := to_tsvector('english', devices);
    b tsvector := to_tsvector('english', body);
BEGIN
    RETURN setweight(t, 'A') || setweight(v, 'B') || setweight(b || to_tsvector('simple', grams), 'C')
        || setweight(search_phrase_tags(t), 'A') || setweight(search_phrase_tags(v), 'B')
        || setweight(search_phrase_tags(b), 'C');
END;
$$;
DROP FUNCTION search_tsv(text, text);

-- The replies' words, with the tags of their synonym phrases, weight D.
CREATE FUNCTION search_replies_tsv(replies text)
RETURNS tsvector LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    r tsvector := to_tsvector('english', replies);
BEGIN
    RETURN setweight(r || search_phrase_tags(r), 'D');
END;
$$;

-- The replies in a tsvector and index of their own: searched only when
-- fewer than a page of threads match by their title, device names, question
-- and answers (search::builtin::Plan::replies).
ALTER TABLE search_matches ADD COLUMN replies_tsv tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX search_matches_replies_tsv ON search_matches USING GIN (replies_tsv);

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

-- The body moved from weight B to C: every tsvector is made again.
UPDATE search_matches m SET tsv = search_tsv(d.title, d.devices, d.body, d.grams),
    replies_tsv = search_replies_tsv(d.replies)
FROM search_docs d WHERE d.thread_id = m.thread_id;

-- The words the documents hold and in how many (search::vocabulary), for
-- "did you mean"; rebuilt by the search job, versioned so every app server
-- knows when to read it again.
CREATE TABLE search_words (
    word TEXT PRIMARY KEY NOT NULL,
    docs BIGINT NOT NULL
);
CREATE TABLE search_vocabulary (
    id INTEGER PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL,
    built_from TEXT NOT NULL
);
