-- What `fixloop import` has written: each record of an import file (by its
-- type and the file's own id) and the row it became. A run skips records
-- already here, so an interrupted import continues where it stopped, and
-- later lines find what their references (source ids) became.
CREATE TABLE import_ids (
    record_type TEXT NOT NULL,
    source_id TEXT NOT NULL,
    new_id BIGINT NOT NULL,
    PRIMARY KEY (record_type, source_id)
);
