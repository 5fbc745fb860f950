-- Photo uploads accepted for processing, per member, so the hourly limit
-- holds across app servers. Rows older than the window are deleted as the
-- member's new ones arrive.
CREATE TABLE photo_uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uploader_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX photo_uploads_uploader ON photo_uploads (uploader_id, created_at);

-- The sha256 of each uploaded file (as sent) that became a stored photo: a
-- file seen before is attached again, or refused as a duplicate, without
-- being decoded. Several files may clean to the same photo.
CREATE TABLE photo_sources (
    source_sha256 TEXT PRIMARY KEY NOT NULL,
    photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE
);
CREATE INDEX photo_sources_photo ON photo_sources (photo_id);
