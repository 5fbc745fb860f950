-- Webhooks admins register: where to POST, the secret each delivery is
-- signed with, and whether a private or loopback address is allowed.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    allow_private BOOLEAN NOT NULL DEFAULT FALSE,
    created_by_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);

-- The events each webhook is sent; the enqueue looks webhooks up by event.
CREATE TABLE webhook_events (
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    PRIMARY KEY (webhook_id, event)
);
CREATE INDEX webhook_events_event ON webhook_events (event, webhook_id);

-- The outbox: one row per webhook and event, written in the transaction of
-- the event, with the exact body that is signed and sent. Delivered and
-- failed rows stay a while, so admins see what went out.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    -- Sent as X-Fixloop-Delivery; receivers de-duplicate by it.
    delivery_key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    leased_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    last_attempt_at TIMESTAMP,
    response_status INTEGER,
    last_error TEXT,
    delivered_at TIMESTAMP,
    failed_at TIMESTAMP
);
-- The worker's scan: waiting rows by due time.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
-- A webhook's recent deliveries (the admin page).
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
-- Pruning old settled rows.
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);
