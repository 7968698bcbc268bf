-- Stevedore schema, version 15, for SQLite: a job's concurrency keys live on its row, and the row is
-- the hold. See the PostgreSQL migration for the reasoning.
--
-- limit_keys is a JSON array of key strings (NULL for none). Counting the running jobs that hold a key
-- looks the key up in jobs_limit_key_idx, by a job's first key (almost every job has one key at most),
-- and in the running jobs that have more than one key (jobs_limit_keys_more_idx, a short list) looks
-- into each one's array. Scanning every running job with keys instead (one partial index, json_each
-- on each row) cost a limited drain about a third of its speed: each claim read every running and
-- claimed-ahead job of the node.
ALTER TABLE jobs ADD COLUMN limit_keys TEXT;

CREATE INDEX jobs_limit_key_idx ON jobs (limit_keys ->> 0) WHERE state = 'running' AND limit_keys IS NOT NULL;

CREATE INDEX jobs_limit_keys_more_idx ON jobs (id) WHERE state = 'running' AND json_array_length(limit_keys) > 1;

DROP TABLE limit_holds;
