DROP TABLE post_photos;
DROP TABLE step_photos;
DROP TABLE photos;
