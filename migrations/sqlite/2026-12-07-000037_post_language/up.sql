-- The language a post is written in (src/render/language.rs), a BCP 47 code
-- such as 'ko'; NULL: not known (too short, mixed, or not told apart).
-- Found when a post is written. Posts from before are found by the
-- background job `post_languages` (src/forum/discussion/post_languages.rs), not here:
-- `lang_pending` marks the ones it has not read yet. New posts are written
-- with it false; one written without it is simply read by the job later.
ALTER TABLE posts ADD COLUMN lang TEXT;
ALTER TABLE posts ADD COLUMN lang_pending BOOLEAN NOT NULL DEFAULT 1;
CREATE INDEX posts_lang_pending ON posts (id) WHERE lang_pending;

-- A thread's language: its title and opening post read together. The home
-- list filters by it (`?written=ko`).
ALTER TABLE threads ADD COLUMN lang TEXT;
CREATE INDEX threads_lang ON threads (lang, last_activity_at) WHERE lang IS NOT NULL;

-- The same in the search document: the builtin search filters by it, and
-- Meilisearch gets it as a filterable attribute.
ALTER TABLE search_docs ADD COLUMN lang TEXT;
