-- New-member limits count every write that publishes text: posts edited by a
-- member and guide steps they added or edited, within the last hour.
CREATE INDEX posts_editor_edited ON posts (edited_by_id, edited_at);
CREATE INDEX guide_step_revisions_editor_created ON guide_step_revisions (editor_id, created_at);
