-- A maintenance reminder is a notification (and a digest line) about a task
-- due on an owned device, not about a thread: a task without a guide must be
-- told too. thread_id becomes optional and the task, the owned device and
-- the due date are kept instead; each row points at one or the other.
--
-- SQLite cannot drop a NOT NULL, so both tables are rebuilt (nothing refers
-- to them), keeping their ids.
CREATE TABLE notifications_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    thread_id INTEGER REFERENCES threads (id) ON DELETE CASCADE,
    post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    owned_device_id INTEGER REFERENCES owned_devices (id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES maintenance_tasks (id) ON DELETE CASCADE,
    due_on DATE,
    CHECK (thread_id IS NOT NULL OR (owned_device_id IS NOT NULL AND task_id IS NOT NULL AND due_on IS NOT NULL))
);
INSERT INTO notifications_new (id, user_id, kind, thread_id, post_id, actor_id, created_at, read_at)
    SELECT id, user_id, kind, thread_id, post_id, actor_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, read_at, created_at);

CREATE TABLE mail_digest_items_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    event TEXT NOT NULL,
    thread_id BIGINT REFERENCES threads (id) ON DELETE CASCADE,
    post_id BIGINT,
    actor_id BIGINT,
    created_at TIMESTAMP NOT NULL,
    owned_device_id BIGINT REFERENCES owned_devices (id) ON DELETE CASCADE,
    task_id BIGINT REFERENCES maintenance_tasks (id) ON DELETE CASCADE,
    due_on DATE,
    CHECK (thread_id IS NOT NULL OR (owned_device_id IS NOT NULL AND task_id IS NOT NULL AND due_on IS NOT NULL))
);
INSERT INTO mail_digest_items_new (id, user_id, kind, event, thread_id, post_id, actor_id, created_at)
    SELECT id, user_id, kind, event, thread_id, post_id, actor_id, created_at FROM mail_digest_items;
DROP TABLE mail_digest_items;
ALTER TABLE mail_digest_items_new RENAME TO mail_digest_items;
CREATE INDEX mail_digest_items_user ON mail_digest_items (user_id, created_at);
