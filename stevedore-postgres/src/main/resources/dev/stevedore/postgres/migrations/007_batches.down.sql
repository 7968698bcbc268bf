-- Reverts version 7.
DROP VIEW IF EXISTS {schema}.batches_ready;
DROP VIEW IF EXISTS {schema}.batch_units;
DROP TABLE IF EXISTS {schema}.job_deps;
DROP INDEX IF EXISTS {schema}.jobs_batch_idx;
ALTER TABLE {schema}.jobs DROP COLUMN IF EXISTS batch_id;
DROP TABLE IF EXISTS {schema}.batches;
