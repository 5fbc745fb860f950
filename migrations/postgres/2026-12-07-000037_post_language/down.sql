DROP INDEX search_docs_lang;
ALTER TABLE search_docs DROP COLUMN lang;
DROP INDEX threads_lang;
ALTER TABLE threads DROP COLUMN lang;
DROP INDEX posts_lang_pending;
ALTER TABLE posts DROP COLUMN lang_pending;
ALTER TABLE posts DROP COLUMN lang;
