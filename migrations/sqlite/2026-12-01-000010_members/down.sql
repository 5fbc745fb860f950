DROP INDEX mail_outbox_to_address;
DROP INDEX me_toos_user;
DROP INDEX votes_user;
DROP INDEX users_email_nocase;
DROP INDEX users_username_key_nocase;
