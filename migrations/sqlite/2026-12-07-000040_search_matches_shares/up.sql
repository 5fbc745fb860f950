-- Nothing to do on SQLite. The PostgreSQL migration of this name splits its
-- search_matches into two partitions, one per share of a search; SQLite's
-- shares are two ranges of the FTS5 index's rowids (search::builtin). The
-- name exists on both sides so the two migration histories stay the same.
SELECT 1;
