DROP TABLE solution_reviews;
DROP TABLE render_upgrades;
DROP INDEX escalations_by_requester;
DROP INDEX private_messages_by_author;
