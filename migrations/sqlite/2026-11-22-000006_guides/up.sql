-- Repair guides: details, ordered steps (with their revisions) and "I did
-- this repair" completions.

CREATE TABLE guides (
    thread_id INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    difficulty TEXT NOT NULL DEFAULT 'moderate' CHECK (difficulty IN ('easy', 'moderate', 'difficult', 'very_difficult')),
    time_min INTEGER NOT NULL DEFAULT 30,          -- minutes
    time_max INTEGER NOT NULL DEFAULT 60,
    tools TEXT NOT NULL DEFAULT '',                -- one per line
    parts TEXT NOT NULL DEFAULT '',                -- one per line
    prerequisites TEXT NOT NULL DEFAULT '',        -- ids of prerequisite guide threads, comma-separated
    conclusion_md TEXT NOT NULL DEFAULT '',
    conclusion_html TEXT NOT NULL DEFAULT '',
    completions_worked INTEGER NOT NULL DEFAULT 0,
    completions_failed INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE guide_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                     -- 1, 2, 3 … in reading order
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    caution TEXT NOT NULL DEFAULT '',              -- shown as an unmissable warning
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX guide_steps_thread_position ON guide_steps (thread_id, position);

-- Every change to a guide's steps: what the step was before the change.
CREATE TABLE guide_step_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    step_id INTEGER NOT NULL,
    editor_id INTEGER NOT NULL REFERENCES users (id),
    action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'move', 'delete')),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    caution TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX guide_step_revisions_thread ON guide_step_revisions (thread_id, created_at);

CREATE TABLE guide_completions (
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    worked BOOLEAN NOT NULL,
    device_id INTEGER REFERENCES devices (id),
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);
