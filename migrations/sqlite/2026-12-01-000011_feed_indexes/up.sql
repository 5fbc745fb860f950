-- The feeds' lists (web::feeds): newest threads, newly solved threads, and
-- a device tree's newest threads, each read newest first with a LIMIT.
CREATE INDEX threads_created ON threads (created_at);
CREATE INDEX threads_solved ON threads (solved_at) WHERE solved_at IS NOT NULL;
CREATE INDEX threads_device_created ON threads (device_id, created_at);
