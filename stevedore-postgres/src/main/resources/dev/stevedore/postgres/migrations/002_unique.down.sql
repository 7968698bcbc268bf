DROP INDEX {schema}.jobs_unique_idx;
ALTER TABLE {schema}.jobs DROP COLUMN unique_key, DROP COLUMN unique_states;
