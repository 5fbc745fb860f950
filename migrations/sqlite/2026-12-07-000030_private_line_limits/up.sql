-- The private line's limits count a member's messages and escalations.
CREATE INDEX private_messages_by_author ON private_messages (author_id, created_at);
CREATE INDEX escalations_by_requester ON escalations (requested_by_id, requested_at);

-- Stored HTML to render again at the next start (render::stored): images
-- from other sites are now links, never fetched by readers' browsers.
CREATE TABLE render_upgrades (
    name TEXT PRIMARY KEY
);
INSERT INTO render_upgrades (name) VALUES ('external_images_as_links');

-- A solution put in question: enough trusted members said it no longer
-- works on a release, and staff decide. 'open', then 'unmarked' (staff
-- confirmed and the solution was un-marked), 'kept' (staff kept it) or
-- 'moot' (the asker changed the solution first). One per answer and release.
CREATE TABLE solution_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    release_id INTEGER NOT NULL REFERENCES firmware_releases (id) ON DELETE CASCADE,
    opened_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL,
    -- Who decided (no reference: the audit log keeps the staff member).
    decided_by_id INTEGER,
    decided_at TIMESTAMP,
    UNIQUE (post_id, release_id)
);

CREATE INDEX solution_reviews_by_thread ON solution_reviews (thread_id, outcome);
