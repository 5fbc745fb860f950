-- Staff hide a single guide step, with a reason, as they hide a post: the
-- step keeps its place and its text; readers other than staff see the reason.
ALTER TABLE guide_steps ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE guide_steps ADD COLUMN hidden_reason TEXT;
ALTER TABLE guide_steps ADD COLUMN hidden_by_id INTEGER REFERENCES users (id);
ALTER TABLE guide_steps ADD COLUMN hidden_at TIMESTAMP;
-- The earlier versions of a hidden step are withheld with it, even once the
-- step is deleted (a revision outlives its step).
ALTER TABLE guide_step_revisions ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT 0;
-- Hidden posts, by reply number: the few opening posts that withdraw their
-- thread (model::threads::opening_post_hidden) are read from here, not by
-- scanning every post.
CREATE INDEX posts_hidden ON posts (reply_number, thread_id) WHERE hidden;
