DROP TABLE login_attempts;
DROP TABLE reputation_events;
DROP TABLE audit_log;
DROP TABLE flags;
ALTER TABLE posts DROP COLUMN hidden_at;
ALTER TABLE posts DROP COLUMN hidden_by_id;
ALTER TABLE posts DROP COLUMN open_flag_count;
ALTER TABLE users DROP COLUMN suspension_reason;
