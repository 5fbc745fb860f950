-- What a search's share (search::builtin::search_share_pg) reads of each of
-- a common word's 13,000 matches, made cheaper to read:
--
-- * `facts`: a match's flags, kind and recovery path as one small number
--   (flags + 8 × the kind's place + 128 × the path's place, in the lists
--   below, which search::builtin::FACT_KINDS and FACT_PATHS repeat). The
--   share counts its matches per `facts` and device, and puts the words
--   back only on the ~90 counted rows: grouping by the three columns and
--   the flags computed on every match took 6 ms more of a 35 ms share.
--   The kinds and paths are the ones their CHECK constraints allow: a new
--   one needs a migration there and here.
-- * `device_ids`: the ids on the device path, so the device one level
--   below a filter is an array element, not string functions on every
--   match.
--
-- And the GIN indexes stop keeping a pending list (`fastupdate`): every
-- search read the whole list, up to 4 MB, until autovacuum merged it in.
-- On the 100,000-thread set just after it was built (~500 pending pages
-- per partition) a search for two uncommon words read 501 pages and took
-- 3.7 ms to find its first twenty matches, 0.3 ms with the list merged.
-- Each write now updates the index at once instead.
ALTER TABLE search_matches
    ADD COLUMN facts SMALLINT GENERATED ALWAYS AS ((
        solved::int + 2 * verified::int + 4 * firmware_current::int
        + 8 * COALESCE(array_position(
            ARRAY['troubleshooting', 'guide', 'part_swap', 'discussion', 'known_issue', 'idea'], kind), 0)
        + 128 * COALESCE(array_position(ARRAY['customer_led', 'joint', 'staff_led'], recovery_path), 0)
    )::smallint) STORED,
    ADD COLUMN device_ids BIGINT[] GENERATED ALWAYS AS (
        string_to_array(btrim(device_path, '/'), '/')::bigint[]) STORED;

-- Storage parameters are set on each partition's index (a partitioned
-- index has none of its own).
DO $$
DECLARE index_name regclass;
BEGIN
    FOR index_name IN
        SELECT i.inhrelid::regclass FROM pg_inherits i
        WHERE i.inhparent IN ('search_matches_tsv'::regclass, 'search_matches_replies_tsv'::regclass)
    LOOP
        EXECUTE format('ALTER INDEX %s SET (fastupdate = off)', index_name);
        PERFORM gin_clean_pending_list(index_name);
    END LOOP;
END $$;
ANALYZE search_matches;
