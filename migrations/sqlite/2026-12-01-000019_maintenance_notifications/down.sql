-- Maintenance rows have no thread: they go before thread_id is required again.
DELETE FROM notifications WHERE thread_id IS NULL;
DELETE FROM mail_digest_items WHERE thread_id IS NULL;

CREATE TABLE notifications_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
INSERT INTO notifications_old SELECT id, user_id, kind, thread_id, post_id, actor_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_old RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, read_at, created_at);

CREATE TABLE mail_digest_items_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    event TEXT NOT NULL,
    thread_id BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    post_id BIGINT,
    actor_id BIGINT,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO mail_digest_items_old SELECT id, user_id, kind, event, thread_id, post_id, actor_id, created_at FROM mail_digest_items;
DROP TABLE mail_digest_items;
ALTER TABLE mail_digest_items_old RENAME TO mail_digest_items;
CREATE INDEX mail_digest_items_user ON mail_digest_items (user_id, created_at);
