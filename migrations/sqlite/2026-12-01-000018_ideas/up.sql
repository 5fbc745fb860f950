-- Ideas for the product teams (issue 16): a thread of the new kind 'idea'
-- that members start for a device, votes (one per member), and a status staff
-- move forward (proposed → under review → planned → shipped / declined) with
-- its history in the shared status_events table.

-- threads.kind's CHECK gains 'idea', the way 000013 added 'known_issue':
-- widening the list changes no stored row, so the stored definition is
-- edited (lang_altertable.html, "other kinds of table schema changes");
-- the CREATE TABLEs below bump the schema cookie for other connections.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''discussion'', ''known_issue'')', '''discussion'', ''known_issue'', ''idea'')')
 WHERE type = 'table' AND name = 'threads';
PRAGMA writable_schema = RESET;

CREATE TABLE ideas (
    thread_id INTEGER PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'under_review', 'planned', 'shipped', 'declined')),
    -- not shipped or declined: still wanted, and open to votes
    is_open BOOLEAN NOT NULL,
    votes INTEGER NOT NULL DEFAULT 0,              -- kept equal to its idea_votes rows
    changed_at TIMESTAMP NOT NULL                  -- the last status change
);
-- GET /ideas: most votes first (the device filter joins threads by id and
-- keeps this order); or one status; the dashboard's open ideas.
CREATE INDEX ideas_votes ON ideas (votes, thread_id);
CREATE INDEX ideas_status_votes ON ideas (status, votes, thread_id);
CREATE INDEX ideas_open_votes ON ideas (is_open, votes, thread_id);

-- One vote per member and idea (the primary key).
CREATE TABLE idea_votes (
    thread_id INTEGER NOT NULL REFERENCES ideas (thread_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX idea_votes_user ON idea_votes (user_id, thread_id);
