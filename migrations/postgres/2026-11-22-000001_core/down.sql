DROP TABLE post_revisions;
DROP TABLE posts;
DROP TABLE threads;
DROP TABLE devices;
DROP TABLE sessions;
DROP TABLE users;
