ALTER TABLE webhooks DROP COLUMN active;
ALTER TABLE users DROP COLUMN avatar_photo_id;
ALTER TABLE sessions DROP COLUMN network;
ALTER TABLE sessions DROP COLUMN user_agent;

CREATE TABLE guides_old (
    thread_id INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    difficulty TEXT NOT NULL DEFAULT 'moderate' CHECK (difficulty IN ('easy', 'moderate', 'difficult', 'very_difficult')),
    time_min INTEGER NOT NULL DEFAULT 30,
    time_max INTEGER NOT NULL DEFAULT 60,
    tools TEXT NOT NULL DEFAULT '',
    parts TEXT NOT NULL DEFAULT '',
    prerequisites TEXT NOT NULL DEFAULT '',
    conclusion_md TEXT NOT NULL DEFAULT '',
    conclusion_html TEXT NOT NULL DEFAULT '',
    completions_worked INTEGER NOT NULL DEFAULT 0,
    completions_failed INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO guides_old SELECT thread_id, COALESCE(difficulty, 'moderate'), COALESCE(time_min, 30),
    COALESCE(time_max, 60), tools, parts, prerequisites, conclusion_md, conclusion_html,
    completions_worked, completions_failed, updated_at FROM guides;
DROP TABLE guides;
ALTER TABLE guides_old RENAME TO guides;
