-- Personal access tokens for the JSON API (forum::api_tokens). Only the
-- SHA-256 of a token is kept: the token itself is shown once, when it is
-- made. Revoking deletes the row. `window_started_at` / `window_count` are
-- the per-token rate limit (a fixed one-minute window), kept on the row so
-- every app server counts the same requests.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    last_used_at TIMESTAMP,
    window_started_at TIMESTAMP,
    window_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);
