DROP TABLE freshness_reports;
DROP TABLE firmware_checks;
DROP TABLE firmware_releases;
