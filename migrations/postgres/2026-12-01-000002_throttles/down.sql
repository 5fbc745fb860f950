DROP INDEX login_attempts_created;
DROP TABLE signup_attempts;
