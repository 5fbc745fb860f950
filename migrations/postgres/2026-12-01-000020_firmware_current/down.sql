DROP INDEX threads_firmware_current;
ALTER TABLE search_docs DROP COLUMN firmware_current;
ALTER TABLE threads DROP COLUMN firmware_current;
