-- Nothing to do on SQLite. The PostgreSQL migration of this name narrows its
-- search_matches (facts and device ids a search share counts by, the
-- replies' words in a table of their own); SQLite's shares count with the
-- `fixloop_facts` aggregate (db::search_functions), and its replies have
-- their own FTS5 index already. The name exists on both sides so the two
-- migration histories stay the same.
SELECT 1;
