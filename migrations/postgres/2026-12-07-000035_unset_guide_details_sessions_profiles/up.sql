-- A guide's difficulty and time are the author's to choose: NULL until they
-- do (a new guide no longer starts as "moderate, 30 to 60 minutes").
ALTER TABLE guides ALTER COLUMN difficulty DROP NOT NULL;
ALTER TABLE guides ALTER COLUMN difficulty DROP DEFAULT;
ALTER TABLE guides ALTER COLUMN time_min DROP NOT NULL;
ALTER TABLE guides ALTER COLUMN time_min DROP DEFAULT;
ALTER TABLE guides ALTER COLUMN time_max DROP NOT NULL;
ALTER TABLE guides ALTER COLUMN time_max DROP DEFAULT;

-- What the member's sessions list shows: the browser's User-Agent (cut
-- short) and the network it signed in from (a /24 or /48, never the full
-- address). Sessions from before are shown as "unknown".
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN network TEXT NOT NULL DEFAULT '';

-- A member's avatar: one of the stored photos (photos are never deleted).
ALTER TABLE users ADD COLUMN avatar_photo_id BIGINT;

-- A webhook can be paused: no new deliveries are queued for it while it is
-- not active (its test event can still be sent).
ALTER TABLE webhooks ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
