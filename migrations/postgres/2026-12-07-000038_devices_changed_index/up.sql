-- Searches keep the device names in memory and read the catalogue again
-- only when its newest change moved (search::device_names): max() on an
-- index is one step.
CREATE INDEX devices_updated_at ON devices (updated_at);
