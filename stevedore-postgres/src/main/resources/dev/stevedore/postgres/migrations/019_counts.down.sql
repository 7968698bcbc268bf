DROP STATISTICS {schema}.jobs_queue_state;
DROP INDEX {schema}.jobs_held_idx;
