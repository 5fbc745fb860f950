-- Answers that stay true: firmware releases per device (they apply to the
-- device and everything below it), the release a solution or a staff
-- verification was checked on, and members' "still works" / "no longer
-- works" reports on a newer release.

CREATE TABLE firmware_releases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    released_on DATE NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_by_id INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (device_id, version)
);

-- A device's releases, newest first (device pages, staff page, checks).
CREATE INDEX firmware_releases_by_device ON firmware_releases (device_id, released_on, id);

-- The latest check of an answer (the solution or a verified answer): the
-- release it was last known to work on.
CREATE TABLE firmware_checks (
    post_id INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    release_id INTEGER NOT NULL REFERENCES firmware_releases (id) ON DELETE CASCADE,
    checked_by_id INTEGER NOT NULL REFERENCES users (id),
    checked_at TIMESTAMP NOT NULL
);

CREATE INDEX firmware_checks_by_thread ON firmware_checks (thread_id);
CREATE INDEX firmware_checks_by_release ON firmware_checks (release_id);

CREATE TABLE freshness_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    release_id INTEGER NOT NULL REFERENCES firmware_releases (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    works BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (post_id, release_id, user_id)
);

CREATE INDEX freshness_reports_by_release ON freshness_reports (release_id);
