-- A worker leases the outbox rows it is sending: another app server takes
-- neither them nor any row of the same thread until they are settled.
ALTER TABLE search_outbox ADD COLUMN leased_until TIMESTAMP;
CREATE INDEX search_outbox_thread ON search_outbox (thread_id);
