DROP INDEX threads_firmware_current;
DROP INDEX search_docs_facts;
CREATE INDEX search_docs_facts ON search_docs (
    thread_id, solved, verified, kind, recovery_path, device_path, last_activity_at
);
ALTER TABLE search_docs DROP COLUMN firmware_current;
ALTER TABLE threads DROP COLUMN firmware_current;
