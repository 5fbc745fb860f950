-- Thread lists are ordered by pins then activity (home page, with or without
-- a kind / status / recovery-path filter) or, for guides, verified first:
-- indexes in exactly those orders let a page read its 31 rows in order
-- instead of sorting every thread (100,000 threads: 1.1 s -> 1 ms).
CREATE INDEX threads_pinned_activity ON threads (pinned, last_activity_at);
CREATE INDEX threads_kind_pinned_activity ON threads (kind, pinned, last_activity_at);
CREATE INDEX threads_status_pinned_activity ON threads (status, pinned, last_activity_at);
CREATE INDEX threads_recovery_pinned_activity ON threads (recovery_path, pinned, last_activity_at);
CREATE INDEX threads_kind_verified_activity ON threads (kind, (verified_at IS NOT NULL), last_activity_at);
-- A device's guides, verified first (device hubs read each device's first few).
CREATE INDEX threads_device_kind_verified_activity ON threads (device_id, kind, (verified_at IS NOT NULL), last_activity_at);
