DROP TABLE idea_votes;
DROP TABLE ideas;
DELETE FROM status_events WHERE thread_id IN (SELECT id FROM threads WHERE kind = 'idea');
DELETE FROM threads WHERE kind = 'idea';
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''discussion'', ''known_issue'', ''idea'')', '''discussion'', ''known_issue'')')
 WHERE type = 'table' AND name = 'threads';
PRAGMA writable_schema = RESET;
CREATE TABLE ideas_gone (id INTEGER);
DROP TABLE ideas_gone;
