-- The admins' members page searches usernames and addresses by prefix
-- (LIKE 'ab%'). SQLite's LIKE ignores case, so only an index in the NOCASE
-- collation can serve it; both columns are stored lower-cased anyway.
CREATE INDEX users_username_key_nocase ON users (username_key COLLATE NOCASE);
CREATE INDEX users_email_nocase ON users (email COLLATE NOCASE);

-- A member's export and their data page read their votes and me-too marks
-- (the primary keys lead with the post or thread), and deleting an account
-- finds the mail waiting for their address.
CREATE INDEX votes_user ON votes (user_id, created_at);
CREATE INDEX me_toos_user ON me_toos (user_id, created_at);
CREATE INDEX mail_outbox_to_address ON mail_outbox (to_address);
