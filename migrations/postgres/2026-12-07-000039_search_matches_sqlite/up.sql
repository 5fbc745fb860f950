-- Each document's length in words, which SQLite's ranking reads
-- (migrations/sqlite of this name). PostgreSQL's ts_rank reads the
-- tsvector's own length: the column is kept here only so that both
-- databases hold the same documents.
ALTER TABLE search_docs ADD COLUMN words INTEGER;
