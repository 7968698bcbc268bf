-- Stevedore schema, version 15: a job's concurrency keys live on its row, and the row is the hold.
--
-- limit_keys are the keys of the concurrency limits the job falls under (NULL for none), written at
-- enqueue by a node that knows the limits, or by the first claim of a node that does. A running job
-- holds its keys for as long as it is running: "how many jobs of key K run" is a lookup in the index
-- below, and every way out of running (completion, retry, rescue, cancel, hand-back) releases the hold
-- by itself. This replaces limit_holds, whose rows cost an insert and a delete per job.
--
-- GIN, because a job may fall under several concurrency limits. Its fast update (new entries go to a
-- pending list, merged into the index in bulk) is kept, with a small pending list: every claim's lookup
-- scans the whole list, so at the default 4 MB it would read hundreds of pages each time, and the
-- claim that fills it pays for the merge. 64 kB (about a thousand keys) keeps both short, while the
-- merge still inserts in bulk: measured on one job table drained by one node, inserting each key
-- directly (fastupdate off) cost more than the pending list did. Partial: only running jobs that have
-- keys are in it, so jobs without limits never touch it and it stays as small as what runs (plus dead
-- entries until vacuum).
-- Building the index reads the whole table and blocks writes to it meanwhile; on a large table, create
-- it by hand with CREATE INDEX CONCURRENTLY under this name before migrating (IF NOT EXISTS keeps it).
ALTER TABLE {schema}.jobs ADD COLUMN limit_keys text[];

CREATE INDEX IF NOT EXISTS jobs_limit_keys_idx ON {schema}.jobs USING gin (limit_keys) WITH (fastupdate = on, gin_pending_list_limit = 64)
    WHERE state = 'running' AND limit_keys IS NOT NULL;

DROP TABLE {schema}.limit_holds;
