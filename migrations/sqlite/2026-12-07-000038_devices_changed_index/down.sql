DROP INDEX devices_updated_at;
