-- A search ranks and counts its matches in two shares at once, on two
-- connections, each in one pass (search::builtin::search_share), as on
-- SQLite. Here the shares are two partitions of search_matches by a hash of
-- the thread id: each share reads its own GIN index and its own heap, half
-- of the table. (A share of an id range in one table needed a BitmapAnd
-- with the primary key's range, 8.7 ms of a common word's search, and
-- visited pages holding the other share's rows too.) Half the matches of a
-- word each way, whatever the ids: the hash spreads old and new threads.
--
-- Every other query reads search_matches as before: PostgreSQL routes rows
-- to their partition and searches both where a query names the table.

CREATE TABLE search_matches_shared (
    thread_id BIGINT NOT NULL REFERENCES search_docs (thread_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    device_path TEXT,
    solved BOOLEAN NOT NULL,
    verified BOOLEAN NOT NULL,
    recovery_path TEXT,
    firmware_current BOOLEAN NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    tsv tsvector NOT NULL,
    replies_tsv tsvector NOT NULL DEFAULT ''::tsvector,
    PRIMARY KEY (thread_id)
) PARTITION BY HASH (thread_id);
-- The share's number is in the name (search::builtin::SHARES).
CREATE TABLE search_matches_0 PARTITION OF search_matches_shared FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE search_matches_1 PARTITION OF search_matches_shared FOR VALUES WITH (MODULUS 2, REMAINDER 1);

INSERT INTO search_matches_shared (thread_id, kind, device_path, solved, verified, recovery_path,
                                   firmware_current, last_activity_at, tsv, replies_tsv)
    SELECT thread_id, kind, device_path, solved, verified, recovery_path,
           firmware_current, last_activity_at, tsv, replies_tsv
    FROM search_matches;

-- The trigger on search_docs (search_matches_keep) names the table, not
-- its storage: it writes into the partitioned one once it has the name.
DROP TABLE search_matches;
ALTER TABLE search_matches_shared RENAME TO search_matches;

CREATE INDEX search_matches_tsv ON search_matches USING GIN (tsv);
CREATE INDEX search_matches_replies_tsv ON search_matches USING GIN (replies_tsv);
CREATE INDEX search_matches_device ON search_matches (device_path text_pattern_ops);
CREATE INDEX search_matches_newest ON search_matches (last_activity_at);
ANALYZE search_matches;
