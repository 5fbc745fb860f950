-- Synonym phrases found without reading word positions. A search for
-- "charger" also looks for the phrases "power adapter" and "ac adapter"; GIN
-- keeps no positions, so every thread holding both words was read and its
-- positions checked (11 ms of a 26 ms scan on 100,000 threads). Now each
-- document's tsvector also holds one tag per synonym phrase in it (a single
-- lexeme, "fxphrase5power7adapter": each word after its length, so no two
-- phrases share a tag), weighted as the title or body it was found in, and
-- a search asks for the tag: an exact GIN lookup.
--
-- The tags follow the synonyms: a document written gets the tags of the
-- phrases of that moment (search_tsv, in the trigger of migration 000026);
-- a phrase staff add later is tagged on the documents already written by
-- the search worker (search::builtin::tag_phrases), which then lists it in
-- search_phrase_tags. Searches use the tag only for a phrase listed there,
-- and check the words' positions for any other, so a search is right while
-- the tagging runs, and after it fails half-way.

CREATE FUNCTION search_phrase_token(term text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 'fxphrase' || string_agg(length(w) || w, '' ORDER BY n)
    FROM unnest(string_to_array(term, ' ')) WITH ORDINALITY AS t (w, n)
$$;

-- The tags of the synonym phrases these words hold ('simple': the tag is kept
-- as it is, as to_tsquery('english', …) reads a word of letters and digits).
CREATE FUNCTION search_phrase_tags(words tsvector) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT COALESCE(to_tsvector('simple', string_agg(search_phrase_token(term), ' ')), ''::tsvector)
    FROM synonym_terms
    WHERE position(' ' in term) > 0 AND words @@ phraseto_tsquery('english', term)
$$;

-- A document's tsvector: the title's words (weight A), the body's (B), and
-- the tags of the synonym phrases in each.
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

-- The phrases whose tag every document holding them has.
CREATE TABLE search_phrase_tags (
    term TEXT PRIMARY KEY NOT NULL
);

-- A phrase removed from the synonyms is no longer tagged on new documents:
-- it leaves the list in the same transaction (added again, it is tagged
-- afresh).
CREATE FUNCTION search_phrase_untag() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_phrase_tags WHERE term = OLD.term;
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_phrase_untag AFTER DELETE OR UPDATE OF term ON synonym_terms
    FOR EACH ROW EXECUTE FUNCTION search_phrase_untag();

CREATE OR REPLACE FUNCTION search_matches_keep() RETURNS trigger LANGUAGE plpgsql AS $$
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
            NEW.firmware_current, NEW.last_activity_at, search_tsv(NEW.title, NEW.body))
    ON CONFLICT (thread_id) DO UPDATE SET kind = EXCLUDED.kind, device_path = EXCLUDED.device_path,
        solved = EXCLUDED.solved, verified = EXCLUDED.verified, recovery_path = EXCLUDED.recovery_path,
        firmware_current = EXCLUDED.firmware_current, last_activity_at = EXCLUDED.last_activity_at,
        tsv = EXCLUDED.tsv;
    RETURN NULL;
END;
$$;

-- The documents already written are tagged by the search worker, in small
-- batches (search::builtin::tag_phrases), not here: a migration of 100,000
-- threads would hold every row for a minute.
