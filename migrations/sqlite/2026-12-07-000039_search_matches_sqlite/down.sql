CREATE INDEX search_docs_facts ON search_docs (
    thread_id, solved, verified, kind, recovery_path, device_path, last_activity_at, firmware_current
);
DROP TRIGGER search_matches_ad;
DROP TRIGGER search_matches_au;
DROP TRIGGER search_matches_ai;
DROP TABLE search_matches;
ALTER TABLE search_docs DROP COLUMN words;
