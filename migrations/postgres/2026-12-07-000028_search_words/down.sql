DROP TABLE search_vocabulary;
DROP TABLE search_words;
CREATE FUNCTION search_tsv(title text, body text) RETURNS tsvector
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    t tsvector := to_tsvector('english', title);
    b tsvector := to_tsvector('english', body);
BEGIN
    RETURN setweight(t, 'A') || setweight(b, 'B')
        || setweight(search_phrase_tags(t), 'A') || setweight(search_phrase_tags(b), 'B');
END;
$$;
CREATE OR REPLACE FUNCTION search_matches_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.title = OLD.title AND NEW.body = OLD.body THEN
        UPDATE search_matches SET kind = NEW.kind, device_path = NEW.device_path,
            solved = NEW.solved, verified = NEW.verified, recovery_path = NEW.recovery_path,
            firmware_current = NEW.firmware_current, last_activity_at = NEW.last_activity_at
        WHERE thread_id = NEW.thread_id;
        RETURN NULL;
    END IF;
    INSERT INTO search_matches (thread_id, kind, device_path, solved, verified, recovery_path,
                                firmware_current, last_activity_at, tsv)
    VALUES (NEW.thread_id, NEW.kind, NEW.device_path, NEW.solved, NEW.verified, NEW.recovery_path,
            NEW.firmware_current, NEW.last_activity_at, search_tsv(NEW.title, NEW.body))
    ON CONFLICT (thread_id) DO UPDATE SET kind = EXCLUDED.kind, device_path = EXCLUDED.device_path,
        solved = EXCLUDED.solved, verified = EXCLUDED.verified, recovery_path = EXCLUDED.recovery_path,
        firmware_current = EXCLUDED.firmware_current, last_activity_at = EXCLUDED.last_activity_at,
        tsv = EXCLUDED.tsv;
    RETURN NULL;
END;
$$;
DROP FUNCTION search_tsv(text, text, text, text);
DROP FUNCTION search_replies_tsv(text);
DROP INDEX search_matches_replies_tsv;
ALTER TABLE search_matches DROP COLUMN replies_tsv;
UPDATE search_matches m SET tsv = search_tsv(d.title, d.body)
FROM search_docs d WHERE d.thread_id = m.thread_id;
ALTER TABLE search_docs DROP COLUMN grams;
ALTER TABLE search_docs DROP COLUMN replies;
ALTER TABLE search_docs DROP COLUMN devices;
