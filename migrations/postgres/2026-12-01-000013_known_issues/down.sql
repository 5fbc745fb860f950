DROP TABLE known_issue_links;
DROP TABLE status_events;
DROP TABLE known_issues;
DELETE FROM threads WHERE kind = 'known_issue';
ALTER TABLE threads DROP CONSTRAINT threads_kind_check;
ALTER TABLE threads ADD CONSTRAINT threads_kind_check
    CHECK (kind IN ('troubleshooting', 'guide', 'part_swap', 'discussion'));
