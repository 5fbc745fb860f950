DO $$
DECLARE index_name regclass;
BEGIN
    FOR index_name IN
        SELECT i.inhrelid::regclass FROM pg_inherits i
        WHERE i.inhparent IN ('search_matches_tsv'::regclass, 'search_matches_replies_tsv'::regclass)
    LOOP
        EXECUTE format('ALTER INDEX %s RESET (fastupdate)', index_name);
    END LOOP;
END $$;
ALTER TABLE search_matches DROP COLUMN device_ids, DROP COLUMN facts;
