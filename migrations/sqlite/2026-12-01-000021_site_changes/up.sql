-- How often the forum has changed, for every app server to see
-- (web::site_changes): `pages` counts writes (visitors' kept pages are stale
-- after one), `hidden` counts what was taken out of sight (kept search
-- results are stale after one). One row; each server adds to it after its
-- writes commit and reads it a few times a second.
CREATE TABLE site_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    pages BIGINT NOT NULL,
    hidden BIGINT NOT NULL
);
INSERT INTO site_changes (id, pages, hidden) VALUES (1, 0, 0);
