DROP TABLE search_outbox;
DROP TABLE search_docs;
