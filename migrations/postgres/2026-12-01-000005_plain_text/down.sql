ALTER TABLE guide_steps DROP COLUMN body_text;
ALTER TABLE posts DROP COLUMN body_text;
