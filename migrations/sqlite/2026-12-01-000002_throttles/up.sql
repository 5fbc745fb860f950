-- Recent sign-up attempts per client address (IPv4, or an IPv6 /64), so
-- registration can be limited per hour. Rows older than the window are
-- deleted as new ones arrive.
CREATE TABLE signup_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    address TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- The limit counts one address's rows; the clean-up removes old rows of all.
CREATE INDEX signup_attempts_address ON signup_attempts (address, created_at);
CREATE INDEX signup_attempts_created ON signup_attempts (created_at);

-- Login buckets are now 'pair:<account>|<address>', 'account:<account>' and
-- 'address:<address>', <account> being 'user:<id>' or 'name:<sha256 of the
-- name typed>'. Old attempts are cleaned up across all buckets, so names and
-- addresses that never come back do not stay.
CREATE INDEX login_attempts_created ON login_attempts (created_at);
