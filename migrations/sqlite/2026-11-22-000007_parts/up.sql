-- The parts catalogue, part-swap reports and their confirmations.

CREATE TABLE parts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    part_number TEXT NOT NULL DEFAULT '',
    description_md TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The devices a part is made for (from the catalogue, not from reports).
CREATE TABLE part_fits (
    part_id INTEGER NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
    device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    PRIMARY KEY (part_id, device_id)
);
CREATE INDEX part_fits_device ON part_fits (device_id);

-- A part-swap report: one per part_swap thread.
CREATE TABLE swap_reports (
    thread_id INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    part_id INTEGER NOT NULL REFERENCES parts (id),
    device_id INTEGER NOT NULL REFERENCES devices (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('works', 'caveats', 'no_fit')),
    caveats TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX swap_reports_part_device ON swap_reports (part_id, device_id);
CREATE INDEX swap_reports_device ON swap_reports (device_id);

-- Other members confirming (agrees) or disputing a report, once each.
CREATE TABLE swap_confirmations (
    thread_id INTEGER NOT NULL REFERENCES swap_reports (thread_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    agrees BOOLEAN NOT NULL,
    device_id INTEGER REFERENCES devices (id),
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);
