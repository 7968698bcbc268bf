-- Stevedore schema, version 19: counts per queue and state that do not read every job row.
--
-- Unfinished jobs are counted exactly, each state through an index that holds only that state's rows:
-- available (jobs_claim_idx), running (jobs_running_idx), scheduled and retryable (jobs_staging_idx)
-- and, new here, held. Held jobs are few and leave that state only through an operator, so this index
-- costs the hot path nothing (a claim or a completion never writes a held row).
CREATE INDEX jobs_held_idx ON {schema}.jobs (queue, id) WHERE state = 'held';

-- Finished jobs are most of a busy table (10 million rows are usual), so on a large table their counts
-- are estimated from this: the most common (queue, state) pairs and the share of the table each holds,
-- refreshed by every ANALYZE (autovacuum analyzes the job table as it turns over).
CREATE STATISTICS {schema}.jobs_queue_state (mcv) ON queue, state FROM {schema}.jobs;
ANALYZE {schema}.jobs;
