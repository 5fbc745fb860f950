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
            NEW.firmware_current, NEW.last_activity_at,
            setweight(to_tsvector('english', NEW.title), 'A') || setweight(to_tsvector('english', NEW.body), 'B'))
    ON CONFLICT (thread_id) DO UPDATE SET kind = EXCLUDED.kind, device_path = EXCLUDED.device_path,
        solved = EXCLUDED.solved, verified = EXCLUDED.verified, recovery_path = EXCLUDED.recovery_path,
        firmware_current = EXCLUDED.firmware_current, last_activity_at = EXCLUDED.last_activity_at,
        tsv = EXCLUDED.tsv;
    RETURN NULL;
END;
$$;
DROP TRIGGER search_phrase_untag ON synonym_terms;
DROP FUNCTION search_phrase_untag();
DROP TABLE search_phrase_tags;
DROP FUNCTION search_tsv(text, text);
DROP FUNCTION search_phrase_tags(tsvector);
DROP FUNCTION search_phrase_token(text);
