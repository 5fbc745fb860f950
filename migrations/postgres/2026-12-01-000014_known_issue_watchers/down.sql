DROP TABLE known_issue_watchers;
