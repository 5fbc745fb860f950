-- Every request a member makes for a mailed account link (a new address for
-- now), whether or not a link went out: the hourly limit counts them all, so
-- its answer cannot tell whether the address asked for has an account.
CREATE TABLE account_requests (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX account_requests_user_purpose ON account_requests (user_id, purpose, created_at);
