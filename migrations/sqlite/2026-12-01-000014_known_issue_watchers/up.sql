-- Owners who chose to hear of new known issues for a device they own (and
-- what is below it). Keyed by the owned device: when the member no longer
-- owns it, the choice goes with it.
CREATE TABLE known_issue_watchers (
    owned_device_id INTEGER PRIMARY KEY REFERENCES owned_devices (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
