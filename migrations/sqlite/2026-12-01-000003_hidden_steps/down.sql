DROP INDEX posts_hidden;
ALTER TABLE guide_step_revisions DROP COLUMN hidden;
ALTER TABLE guide_steps DROP COLUMN hidden_at;
ALTER TABLE guide_steps DROP COLUMN hidden_by_id;
ALTER TABLE guide_steps DROP COLUMN hidden_reason;
ALTER TABLE guide_steps DROP COLUMN hidden;
