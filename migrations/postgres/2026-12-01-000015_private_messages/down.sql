DROP INDEX users_by_role;
DROP TABLE private_messages;
