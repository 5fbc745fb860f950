ALTER TABLE known_issues DROP COLUMN workaround;
