-- Ideas for the product teams (issue 16): a thread of the new kind 'idea',
-- votes (one per member) and a status with its history in status_events.
ALTER TABLE threads DROP CONSTRAINT threads_kind_check;
ALTER TABLE threads ADD CONSTRAINT threads_kind_check
    CHECK (kind IN ('troubleshooting', 'guide', 'part_swap', 'discussion', 'known_issue', 'idea'));

CREATE TABLE ideas (
    thread_id BIGINT PRIMARY KEY REFERENCES threads (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'under_review', 'planned', 'shipped', 'declined')),
    is_open BOOLEAN NOT NULL,
    votes BIGINT NOT NULL DEFAULT 0,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX ideas_votes ON ideas (votes, thread_id);
CREATE INDEX ideas_status_votes ON ideas (status, votes, thread_id);
CREATE INDEX ideas_open_votes ON ideas (is_open, votes, thread_id);

CREATE TABLE idea_votes (
    thread_id BIGINT NOT NULL REFERENCES ideas (thread_id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX idea_votes_user ON idea_votes (user_id, thread_id);
