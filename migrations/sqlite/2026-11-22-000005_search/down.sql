DROP TABLE search_outbox;
DROP TRIGGER search_docs_au;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_ai;
DROP TABLE search_fts;
DROP TABLE search_docs;
