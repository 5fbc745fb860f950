-- Who an open escalation waits for: staff (since it was asked, or since the
-- asker last wrote privately) or the asker (since staff answered privately).
-- The staff queue and the count beside its link read the open ones waiting
-- for staff.
ALTER TABLE escalations ADD COLUMN waiting_for TEXT NOT NULL DEFAULT 'staff';
ALTER TABLE escalations ADD COLUMN waiting_since TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE escalations SET waiting_since = requested_at;
CREATE INDEX escalations_waiting ON escalations (waiting_for, waiting_since) WHERE closed_at IS NULL;

-- The member's time zone (an IANA name): the daily digest goes out at the
-- digest hour of that zone.
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';

-- The admins' members list sorts by these (joined is the id order, the name
-- has its unique key).
CREATE INDEX users_by_reputation ON users (reputation, id);
CREATE INDEX users_by_post_count ON users (post_count, id);
