-- A maintenance reminder is a notification (and a digest line) about a task
-- due on an owned device, not about a thread: a task without a guide must be
-- told too. thread_id becomes optional and the task, the owned device and
-- the due date are kept instead; each row points at one or the other.
ALTER TABLE notifications
    ALTER COLUMN thread_id DROP NOT NULL,
    ADD COLUMN owned_device_id BIGINT REFERENCES owned_devices (id) ON DELETE CASCADE,
    ADD COLUMN task_id BIGINT REFERENCES maintenance_tasks (id) ON DELETE CASCADE,
    ADD COLUMN due_on DATE,
    ADD CONSTRAINT notifications_about_something
        CHECK (thread_id IS NOT NULL OR (owned_device_id IS NOT NULL AND task_id IS NOT NULL AND due_on IS NOT NULL));

ALTER TABLE mail_digest_items
    ALTER COLUMN thread_id DROP NOT NULL,
    ADD COLUMN owned_device_id BIGINT REFERENCES owned_devices (id) ON DELETE CASCADE,
    ADD COLUMN task_id BIGINT REFERENCES maintenance_tasks (id) ON DELETE CASCADE,
    ADD COLUMN due_on DATE,
    ADD CONSTRAINT mail_digest_items_about_something
        CHECK (thread_id IS NOT NULL OR (owned_device_id IS NOT NULL AND task_id IS NOT NULL AND due_on IS NOT NULL));
