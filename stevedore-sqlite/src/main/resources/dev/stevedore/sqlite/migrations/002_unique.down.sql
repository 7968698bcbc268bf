DROP INDEX jobs_unique_idx;
ALTER TABLE jobs DROP COLUMN unique_states;
ALTER TABLE jobs DROP COLUMN unique_key;
