ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
) STORED;
CREATE INDEX search_docs_device ON search_docs (device_path text_pattern_ops);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
DROP TRIGGER search_matches_keep ON search_docs;
DROP FUNCTION search_matches_keep();
DROP TABLE search_matches;
