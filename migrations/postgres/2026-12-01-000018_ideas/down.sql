DROP TABLE idea_votes;
DROP TABLE ideas;
DELETE FROM threads WHERE kind = 'idea';
ALTER TABLE threads DROP CONSTRAINT threads_kind_check;
ALTER TABLE threads ADD CONSTRAINT threads_kind_check
    CHECK (kind IN ('troubleshooting', 'guide', 'part_swap', 'discussion', 'known_issue'));
