-- Photos: stored once per content (sha256 of the cleaned image) under the
-- uploads directory, attached to guide steps and posts.

CREATE TABLE photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    extension TEXT NOT NULL CHECK (extension IN ('jpg', 'png')),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    uploader_id INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE step_photos (
    step_id INTEGER NOT NULL REFERENCES guide_steps (id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL REFERENCES photos (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (step_id, photo_id)
);

CREATE TABLE post_photos (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    photo_id INTEGER NOT NULL REFERENCES photos (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, photo_id)
);
