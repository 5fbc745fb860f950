-- Answers that resolve: solutions, staff verification, votes, "me too",
-- "worked for me", follows, escalations to staff, and notifications.

ALTER TABLE threads ADD COLUMN solved_at TIMESTAMP;
ALTER TABLE threads ADD COLUMN solution_marked_by_id INTEGER REFERENCES users (id);
-- Set while some post of the thread carries a staff verification (a verified
-- answer, or the guide itself): lists rank verified threads first.
ALTER TABLE threads ADD COLUMN verified_at TIMESTAMP;
ALTER TABLE posts ADD COLUMN vote_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN worked_count INTEGER NOT NULL DEFAULT 0;

CREATE INDEX threads_kind_created ON threads (kind, created_at);
CREATE INDEX threads_status_activity ON threads (status, last_activity_at);
CREATE INDEX threads_recovery_activity ON threads (recovery_path, last_activity_at);
CREATE INDEX posts_thread_author ON posts (thread_id, author_id);

-- Every verification ever given; the current one has revoked_at NULL.
CREATE TABLE verifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    staff_id INTEGER NOT NULL REFERENCES users (id),
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by_id INTEGER REFERENCES users (id)
);
CREATE INDEX verifications_thread ON verifications (thread_id, revoked_at);
CREATE INDEX verifications_post ON verifications (post_id, created_at);
CREATE UNIQUE INDEX verifications_one_current ON verifications (post_id) WHERE revoked_at IS NULL;

CREATE TABLE votes (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE me_toos (
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);

CREATE TABLE worked_reports (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id INTEGER REFERENCES devices (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE thread_follows (
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX thread_follows_user ON thread_follows (user_id);

-- A request for staff help; at most one open (closed_at NULL) per thread.
CREATE TABLE escalations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    requested_by_id INTEGER NOT NULL REFERENCES users (id),
    requested_at TIMESTAMP NOT NULL,
    claimed_by_id INTEGER REFERENCES users (id),
    claimed_at TIMESTAMP,
    closed_at TIMESTAMP
);
CREATE UNIQUE INDEX escalations_one_open ON escalations (thread_id) WHERE closed_at IS NULL;
CREATE INDEX escalations_queue ON escalations (closed_at, requested_at);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, created_at);
