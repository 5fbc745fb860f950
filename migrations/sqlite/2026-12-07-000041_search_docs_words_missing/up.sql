-- The documents whose length in words is not counted yet, which the
-- `search_lengths` job (search::document::fill_missing_words) looks for
-- every ten minutes: without this index each look read every document
-- (2.4 s on the 100,000-thread benchmark set, its pages pushed out of the
-- cache). Empty once every document is counted.
CREATE INDEX search_docs_words_missing ON search_docs (thread_id) WHERE words IS NULL;
