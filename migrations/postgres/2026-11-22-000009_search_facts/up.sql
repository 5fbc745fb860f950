-- Nothing to do on PostgreSQL. The SQLite migration of this name adds a
-- narrow covering index that its FTS5 join needs; PostgreSQL searches through
-- the GIN index on search_docs.tsv and reads the matching rows themselves.
-- The name exists on both sides so the two migration histories stay the same.
SELECT 1;
