DROP INDEX search_docs_words_missing;
