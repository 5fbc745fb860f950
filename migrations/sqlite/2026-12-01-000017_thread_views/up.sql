-- Visitors' views of thread pages per day, counted in memory by each app
-- server and added here about once a minute (never one write per view).
-- The dashboard's estimate of support tickets avoided reads them.
CREATE TABLE thread_view_days (
    thread_id BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    views BIGINT NOT NULL,
    PRIMARY KEY (thread_id, day)
);
CREATE INDEX thread_view_days_day ON thread_view_days (day);
