DROP INDEX users_by_post_count;
DROP INDEX users_by_reputation;
ALTER TABLE users DROP COLUMN time_zone;
DROP INDEX escalations_waiting;
ALTER TABLE escalations DROP COLUMN waiting_since;
ALTER TABLE escalations DROP COLUMN waiting_for;
