-- Reverts version 7. A column must lose its index (and the view reading it) before SQLite lets it
-- be dropped.
DROP VIEW IF EXISTS batches_ready;
DROP VIEW IF EXISTS batch_units;
DROP TABLE IF EXISTS job_deps;
DROP INDEX IF EXISTS jobs_batch_idx;
ALTER TABLE jobs DROP COLUMN batch_id;
DROP TABLE IF EXISTS batches;
