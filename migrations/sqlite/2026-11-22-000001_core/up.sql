-- Core forum: accounts, sessions, the device tree, threads and posts.
-- Timestamps are naive UTC, written by the application.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,          -- lower-cased username: case-insensitive uniqueness
    email TEXT NOT NULL UNIQUE,                 -- stored trimmed and lower-cased
    password_hash TEXT NOT NULL,                -- argon2id PHC string
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'staff', 'admin')),
    bio TEXT NOT NULL DEFAULT '',
    reputation INTEGER NOT NULL DEFAULT 0,
    post_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    suspended_until TIMESTAMP
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,            -- sha256 of the cookie token; the token itself is never stored
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE devices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id INTEGER REFERENCES devices (id),
    kind TEXT NOT NULL CHECK (kind IN ('maker', 'line', 'model', 'revision')),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    path TEXT NOT NULL,                          -- ancestor ids and own id: '/1/5/12/'; descendants share the prefix
    description_md TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX devices_parent_name ON devices (parent_id, name);
CREATE INDEX devices_path ON devices (path);

CREATE TABLE threads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('troubleshooting', 'guide', 'part_swap', 'discussion')),
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    device_id INTEGER REFERENCES devices (id),
    author_id INTEGER NOT NULL REFERENCES users (id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'escalated', 'solved', 'closed')),
    pinned BOOLEAN NOT NULL DEFAULT 0,
    locked BOOLEAN NOT NULL DEFAULT 0,
    solution_post_id INTEGER,
    recovery_path TEXT CHECK (recovery_path IN ('customer_led', 'joint', 'staff_led')),
    reply_count INTEGER NOT NULL DEFAULT 0,
    me_too_count INTEGER NOT NULL DEFAULT 0,
    last_poster_id INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    last_activity_at TIMESTAMP NOT NULL
);
CREATE INDEX threads_activity ON threads (last_activity_at);
CREATE INDEX threads_device_activity ON threads (device_id, last_activity_at);
CREATE INDEX threads_kind_activity ON threads (kind, last_activity_at);
CREATE INDEX threads_author_created ON threads (author_id, created_at);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    reply_number INTEGER NOT NULL,               -- 0 is the opening post; replies count up from 1
    author_id INTEGER NOT NULL REFERENCES users (id),
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,                     -- sanitised at write time; pages never render Markdown
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    edited_by_id INTEGER REFERENCES users (id),
    revision_count INTEGER NOT NULL DEFAULT 0,   -- earlier versions kept in post_revisions
    hidden BOOLEAN NOT NULL DEFAULT 0,
    hidden_reason TEXT,
    UNIQUE (thread_id, reply_number)
);
CREATE INDEX posts_author_created ON posts (author_id, created_at);

-- Every earlier version of a post: written when the post is edited.
CREATE TABLE post_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,                    -- 1 is the original
    author_id INTEGER NOT NULL REFERENCES users (id),  -- who wrote this version
    title TEXT,                                  -- the thread title at the time, for opening posts
    body_md TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,               -- when this version was written
    UNIQUE (post_id, version)
);
