DROP INDEX search_outbox_thread;
ALTER TABLE search_outbox DROP COLUMN leased_until;
