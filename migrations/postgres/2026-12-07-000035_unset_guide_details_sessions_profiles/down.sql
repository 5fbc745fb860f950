ALTER TABLE webhooks DROP COLUMN active;
ALTER TABLE users DROP COLUMN avatar_photo_id;
ALTER TABLE sessions DROP COLUMN network;
ALTER TABLE sessions DROP COLUMN user_agent;

UPDATE guides SET difficulty = COALESCE(difficulty, 'moderate'),
    time_min = COALESCE(time_min, 30), time_max = COALESCE(time_max, 60);
ALTER TABLE guides ALTER COLUMN difficulty SET NOT NULL;
ALTER TABLE guides ALTER COLUMN difficulty SET DEFAULT 'moderate';
ALTER TABLE guides ALTER COLUMN time_min SET NOT NULL;
ALTER TABLE guides ALTER COLUMN time_min SET DEFAULT 30;
ALTER TABLE guides ALTER COLUMN time_max SET NOT NULL;
ALTER TABLE guides ALTER COLUMN time_max SET DEFAULT 60;
