DROP TABLE photo_sources;
DROP TABLE photo_uploads;
