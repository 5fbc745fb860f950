DROP TABLE site_changes;
