-- Known issues (issue 16): a thread of the new kind 'known_issue' (its page,
-- follows, notifications, search and feeds come with it), its status with a
-- history, and the threads linked (or merged) into it.

-- threads.kind's CHECK gains 'known_issue'. SQLite cannot alter a CHECK, and
-- rebuilding `threads` would mean dropping the table every other one refers
-- to; widening the list changes no stored row, which is the case SQLite
-- documents editing the stored definition for (lang_altertable.html, "other
-- kinds of table schema changes"). RESET reloads this connection's schema;
-- the CREATE TABLEs below bump the schema cookie, so every other connection
-- reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''part_swap'', ''discussion'')', '''part_swap'', ''discussion'', ''known_issue'')')
 WHERE type = 'table' AND name = 'threads';
PRAGMA writable_schema = RESET;

CREATE TABLE known_issues (
    thread_id INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('investigating', 'workaround_available', 'fixed', 'closed')),
    -- investigating or workaround available: listed first
    is_open BOOLEAN NOT NULL,
    fixed_in TEXT,                                -- a firmware version or a revision
    best_fix_post_id INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    best_fix_guide_id INTEGER REFERENCES threads (id) ON DELETE SET NULL,
    changed_at TIMESTAMP NOT NULL                 -- the last status change
);
-- GET /known-issues: open first, latest change first; or one status.
CREATE INDEX known_issues_open_changed ON known_issues (is_open, changed_at);
CREATE INDEX known_issues_status_changed ON known_issues (status, changed_at);

-- A status history per thread (known issues now, ideas later): every change
-- with its note, its author and its date.
CREATE TABLE status_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',              -- 'fixed in' for a known issue
    note TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX status_events_thread ON status_events (thread_id, id);

-- A thread belongs to at most one known issue (the primary key).
CREATE TABLE known_issue_links (
    thread_id INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    known_issue_id INTEGER NOT NULL REFERENCES known_issues (thread_id) ON DELETE CASCADE,
    merged BOOLEAN NOT NULL DEFAULT 0,            -- a duplicate question, locked with a pointer
    linked_by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    linked_at TIMESTAMP NOT NULL
);
CREATE INDEX known_issue_links_issue ON known_issue_links (known_issue_id, linked_at);
