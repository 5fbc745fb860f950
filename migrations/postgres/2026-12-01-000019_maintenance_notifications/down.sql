DELETE FROM notifications WHERE thread_id IS NULL;
DELETE FROM mail_digest_items WHERE thread_id IS NULL;
ALTER TABLE notifications
    DROP CONSTRAINT notifications_about_something,
    DROP COLUMN owned_device_id,
    DROP COLUMN task_id,
    DROP COLUMN due_on,
    ALTER COLUMN thread_id SET NOT NULL;
ALTER TABLE mail_digest_items
    DROP CONSTRAINT mail_digest_items_about_something,
    DROP COLUMN owned_device_id,
    DROP COLUMN task_id,
    DROP COLUMN due_on,
    ALTER COLUMN thread_id SET NOT NULL;
