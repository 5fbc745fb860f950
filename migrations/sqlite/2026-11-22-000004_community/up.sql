-- A community that governs itself: flags, moderation, the audit log,
-- reputation events, login throttling, suspensions.

ALTER TABLE users ADD COLUMN suspension_reason TEXT;
ALTER TABLE posts ADD COLUMN open_flag_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN hidden_by_id INTEGER REFERENCES users (id);
ALTER TABLE posts ADD COLUMN hidden_at TIMESTAMP;

-- A member's report of a post; resolved when staff review it.
CREATE TABLE flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'unsafe', 'abuse', 'other')),
    note TEXT NOT NULL DEFAULT '',
    trusted BOOLEAN NOT NULL DEFAULT 0,          -- the flagger was trusted when flagging
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by_id INTEGER REFERENCES users (id),
    UNIQUE (post_id, user_id)
);
CREATE INDEX flags_open ON flags (resolved_at, created_at);
CREATE INDEX flags_post ON flags (post_id, resolved_at);

-- Every staff action, for staff to read and filter.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id INTEGER REFERENCES users (id),       -- NULL: the system (e.g. auto-hide)
    action TEXT NOT NULL,
    target_user_id INTEGER REFERENCES users (id),
    thread_id INTEGER REFERENCES threads (id) ON DELETE SET NULL,
    post_id INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at);
CREATE INDEX audit_log_action_created ON audit_log (action, created_at);
CREATE INDEX audit_log_actor_created ON audit_log (actor_id, created_at);

-- Reputation is the sum of these; each can be taken back (a vote withdrawn,
-- a solution un-marked) by deleting its row.
CREATE TABLE reputation_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    points INTEGER NOT NULL,
    post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    source_user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reputation_events_user ON reputation_events (user_id, created_at);
CREATE INDEX reputation_events_source ON reputation_events (kind, post_id, source_user_id);

-- Recent login attempts, by account and by client address.
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,                          -- 'account:<name>' or 'address:<ip>'
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_bucket ON login_attempts (bucket, created_at);
