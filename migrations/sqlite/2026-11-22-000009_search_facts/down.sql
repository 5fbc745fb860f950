DROP INDEX search_docs_facts;
