-- "My devices": what a member owns (any device of the tree: a model or a
-- revision). Private unless shown_on_profile.
CREATE TABLE owned_devices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    nickname TEXT NOT NULL DEFAULT '',
    purchased_on DATE,
    -- Free text for now (firmware releases per device come separately).
    firmware TEXT NOT NULL DEFAULT '',
    shown_on_profile BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, device_id)
);
-- The settings page and the "your device" marks go by (user_id, ...) through
-- the unique index; the device's side (cascades, owner counts):
CREATE INDEX owned_devices_device ON owned_devices (device_id);

-- Maintenance plans: tasks for a device and everything below it.
CREATE TABLE maintenance_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT '',
    -- Either an interval (count > 0 of 'days' or 'months') ...
    interval_count INTEGER,
    interval_unit TEXT,
    -- ... or a usage-based hint ("every 200 wash cycles"): no due date.
    usage_hint TEXT NOT NULL DEFAULT '',
    guide_id BIGINT REFERENCES threads (id) ON DELETE SET NULL,
    created_by_id BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX maintenance_tasks_device ON maintenance_tasks (device_id, id);

-- Per owned device and task: when it was last done, and a snooze of the
-- current occurrence.
CREATE TABLE maintenance_log (
    owned_device_id BIGINT NOT NULL REFERENCES owned_devices (id) ON DELETE CASCADE,
    task_id BIGINT NOT NULL REFERENCES maintenance_tasks (id) ON DELETE CASCADE,
    last_done_on DATE,
    snoozed_until DATE,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (owned_device_id, task_id)
);
CREATE INDEX maintenance_log_task ON maintenance_log (task_id);

-- One reminder per due occurrence, ever: written first in the transaction
-- that writes its notification (and mail), so two runs or servers never
-- send one twice. Marking done or snoozing moves the due date, which makes
-- the next occurrence a new key.
CREATE TABLE maintenance_reminders (
    owned_device_id BIGINT NOT NULL REFERENCES owned_devices (id) ON DELETE CASCADE,
    task_id BIGINT NOT NULL REFERENCES maintenance_tasks (id) ON DELETE CASCADE,
    due_on DATE NOT NULL,
    user_id BIGINT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (owned_device_id, task_id, due_on)
);
CREATE INDEX maintenance_reminders_task ON maintenance_reminders (task_id);
