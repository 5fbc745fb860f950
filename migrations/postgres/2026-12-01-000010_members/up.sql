-- The admins' members page searches usernames and addresses by prefix
-- (LIKE 'ab%'): text_pattern_ops serves LIKE whatever the database's
-- collation; both columns are stored lower-cased.
CREATE INDEX users_username_key_pattern ON users (username_key text_pattern_ops);
CREATE INDEX users_email_pattern ON users (email text_pattern_ops);

-- A member's export and their data page read their votes and me-too marks
-- (the primary keys lead with the post or thread), and deleting an account
-- finds the mail waiting for their address.
CREATE INDEX votes_user ON votes (user_id, created_at);
CREATE INDEX me_toos_user ON me_toos (user_id, created_at);
CREATE INDEX mail_outbox_to_address ON mail_outbox (to_address);
