-- The plain text of a post or guide step, made with its HTML when it is
-- written, so the search document is built inside a write transaction
-- without rendering Markdown there. NULL for rows written before this column
-- (the search document renders those itself until they are next edited).
ALTER TABLE posts ADD COLUMN body_text TEXT;
ALTER TABLE guide_steps ADD COLUMN body_text TEXT;
