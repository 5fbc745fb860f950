-- Nothing to do on SQLite. The PostgreSQL migration of this name tags each
-- document with the synonym phrases it holds; FTS5 finds a phrase through the
-- word positions in its own index. The name exists on both sides so the two
-- migration histories stay the same.
SELECT 1;
