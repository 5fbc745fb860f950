-- Notification mail a member chose to get in the daily digest: one row per
-- notification, written in the same transaction as the notification, and
-- deleted in the transaction that puts it in a digest (or drops it: the
-- member chose otherwise since, or may no longer be mailed).
CREATE TABLE mail_digest_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The kind of mail (forum::mail_preferences::KINDS) and the event.
    kind TEXT NOT NULL,
    event TEXT NOT NULL,
    thread_id BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    post_id BIGINT,
    actor_id BIGINT,
    created_at TIMESTAMP NOT NULL
);
-- The digest's scan: members with items up to the day's cut-off, in order,
-- then their items.
CREATE INDEX mail_digest_items_user ON mail_digest_items (user_id, created_at);

-- The cut-off of the last digest made for each member: advanced in the
-- transaction that writes the digest, only if it is older, so no member gets
-- two digests for one day however many servers run the job.
CREATE TABLE mail_digest_sent (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    sent_through TIMESTAMP NOT NULL
);

-- Questions whose asker was reminded to mark what fixed them: once per
-- thread, ever (written with the reminder's notification and mail).
CREATE TABLE solved_reminders (
    thread_id BIGINT PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    sent_at TIMESTAMP NOT NULL
);
-- The reminder's scan: unsolved questions by age (the query spells out the
-- same literals, so both databases can use it).
CREATE INDEX threads_unsolved_questions ON threads (created_at)
    WHERE kind = 'troubleshooting' AND solution_post_id IS NULL;
