DROP TABLE known_issue_links;
DROP TABLE status_events;
DROP TABLE known_issues;
DELETE FROM threads WHERE kind = 'known_issue';
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''part_swap'', ''discussion'', ''known_issue'')', '''part_swap'', ''discussion'')')
 WHERE type = 'table' AND name = 'threads';
PRAGMA writable_schema = RESET;
CREATE TABLE known_issues_gone (id INTEGER);
DROP TABLE known_issues_gone;
