-- A private line between the asker of an escalated question and staff:
-- never in search documents, feeds, the API or the visitors' page cache.

CREATE TABLE private_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id),
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- The thread page's one query: a thread's messages in order.
CREATE INDEX private_messages_by_thread ON private_messages (thread_id, created_at, id);

-- "Tell every staff member" (an unclaimed escalation's private messages).
CREATE INDEX users_by_role ON users (role);
