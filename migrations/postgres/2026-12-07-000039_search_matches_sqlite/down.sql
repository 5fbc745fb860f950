ALTER TABLE search_docs DROP COLUMN words;
