-- The private line's limits count a member's messages and escalations.
CREATE INDEX private_messages_by_author ON private_messages (author_id, created_at);
CREATE INDEX escalations_by_requester ON escalations (requested_by_id, requested_at);

-- Stored HTML to render again at the next start (render::stored): images
-- from other sites are now links, never fetched by readers' browsers.
CREATE TABLE render_upgrades (
    name TEXT PRIMARY KEY
);
INSERT INTO render_upgrades (name) VALUES ('external_images_as_links');
