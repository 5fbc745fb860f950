-- Nothing to do on SQLite. The PostgreSQL migration of this name adds the
-- facts and device ids that a PostgreSQL search share counts by; SQLite's
-- shares count with the `fixloop_facts` aggregate (db::search_functions).
-- The name exists on both sides so the two migration histories stay the same.
SELECT 1;
