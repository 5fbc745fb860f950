-- A guide's difficulty and time are the author's to choose: NULL until they
-- do (a new guide no longer starts as "moderate, 30 to 60 minutes"). SQLite
-- cannot drop NOT NULL, so the table is rebuilt; nothing references it.
CREATE TABLE guides_new (
    thread_id INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    difficulty TEXT CHECK (difficulty IN ('easy', 'moderate', 'difficult', 'very_difficult')),
    time_min INTEGER,                              -- minutes; NULL: not set
    time_max INTEGER,
    tools TEXT NOT NULL DEFAULT '',                -- one per line
    parts TEXT NOT NULL DEFAULT '',                -- one per line
    prerequisites TEXT NOT NULL DEFAULT '',        -- ids of prerequisite guide threads, comma-separated
    conclusion_md TEXT NOT NULL DEFAULT '',
    conclusion_html TEXT NOT NULL DEFAULT '',
    completions_worked INTEGER NOT NULL DEFAULT 0,
    completions_failed INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO guides_new SELECT thread_id, difficulty, time_min, time_max, tools, parts,
    prerequisites, conclusion_md, conclusion_html, completions_worked, completions_failed,
    updated_at FROM guides;
DROP TABLE guides;
ALTER TABLE guides_new RENAME TO guides;

-- What the member's sessions list shows: the browser's User-Agent (cut
-- short) and the network it signed in from (a /24 or /48, never the full
-- address). Sessions from before are shown as "unknown".
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN network TEXT NOT NULL DEFAULT '';

-- A member's avatar: one of the stored photos (photos are never deleted).
ALTER TABLE users ADD COLUMN avatar_photo_id INTEGER;

-- A webhook can be paused: no new deliveries are queued for it while it is
-- not active (its test event can still be sent).
ALTER TABLE webhooks ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1;
