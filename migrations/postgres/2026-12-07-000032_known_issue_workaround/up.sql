-- What people can do about a known issue until it is fixed (plain text,
-- kept by staff): shown first on the issue, on every linked thread and in
-- the status-change notification, rather than only as a note in the history.
ALTER TABLE known_issues ADD COLUMN workaround TEXT NOT NULL DEFAULT '';
