-- Nothing to do on SQLite. The PostgreSQL migration of this name moves what a
-- search reads for every match into a narrow table; SQLite's FTS5 join reads
-- the narrow covering index search_docs_facts (migration 000009) already.
-- The name exists on both sides so the two migration histories stay the same.
SELECT 1;
