-- Answers that stay true, searchable: whether a thread's accepted solution is
-- confirmed on the current firmware of the thread's device. The release its
-- check is on applies to the device (it is the device's or one above it) and
-- no release that applies came out later (model::firmware::confirmed_current,
-- the one definition). Kept on the thread for the device hub's
-- `?firmware=current` and copied into the search document for both engines'
-- `firmware=current` filter; maintained in the write transactions (the
-- document's refresh recomputes it; a newer release clears it for every
-- thread it affects).

ALTER TABLE threads ADD COLUMN firmware_current BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE search_docs ADD COLUMN firmware_current BOOLEAN NOT NULL DEFAULT FALSE;

-- The threads confirmed on their current firmware today (a path is
-- "/1/5/12/": a release applies when its device is on it).
UPDATE threads SET firmware_current = TRUE WHERE id IN (
    SELECT t.id FROM threads t
    JOIN devices d ON d.id = t.device_id
    JOIN firmware_checks c ON c.post_id = t.solution_post_id
    JOIN firmware_releases r ON r.id = c.release_id
    WHERE d.path LIKE '%/' || r.device_id || '/%'
      AND NOT EXISTS (
          SELECT 1 FROM firmware_releases n
          WHERE n.released_on > r.released_on
            AND d.path LIKE '%/' || n.device_id || '/%'
      )
);
UPDATE search_docs SET firmware_current = TRUE
    WHERE thread_id IN (SELECT id FROM threads WHERE firmware_current);
-- Meilisearch hears of them through the outbox.
INSERT INTO search_outbox (thread_id, next_attempt_at, created_at)
    SELECT id, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') FROM threads WHERE firmware_current;

-- The hub's `?firmware=current` (a subtree's confirmed threads, most recently
-- solved first) and a new release's search for the threads it makes stale.
-- (The SQLite migration of this name also widens its covering search index;
-- PostgreSQL reads the matching document rows themselves.)
CREATE INDEX threads_firmware_current ON threads (device_id, solved_at) WHERE firmware_current;
