DROP INDEX threads_unsolved_questions;
DROP TABLE solved_reminders;
DROP TABLE mail_digest_sent;
DROP TABLE mail_digest_items;
