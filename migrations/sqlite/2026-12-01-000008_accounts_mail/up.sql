-- Email verification and leaving the forum. Accounts made before
-- verification existed count as verified: they were never asked.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP;
UPDATE users SET email_verified_at = created_at;

-- Single-use links mailed to a member: confirm an address, reset a
-- password, confirm a new address. Only the token's SHA-256 is kept.
CREATE TABLE account_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Mail waiting to be sent, written in the same transaction as its cause.
-- The worker renders `template` with `payload` (JSON), sends, and keeps the
-- row (sent_at or failed_at set) for a while; `message_id` is fixed when the
-- row is written, so a message sent again after a crash is the same message.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    template TEXT NOT NULL,
    to_address TEXT NOT NULL,
    user_id BIGINT,
    payload TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    leased_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    failed_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id)
    WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX mail_outbox_user ON mail_outbox (user_id, created_at);

-- Per member and kind of mail: 'instant', 'digest' or 'never'. A missing
-- row means the kind's default.
CREATE TABLE mail_preferences (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    mode TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Keys the site signs with (unsubscribe links), made once and shared by
-- every app server on the database.
CREATE TABLE site_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
