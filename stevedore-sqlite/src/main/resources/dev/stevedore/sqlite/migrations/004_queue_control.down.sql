-- Reverts version 2. A column must lose its index before SQLite lets it be dropped.
DROP INDEX IF EXISTS jobs_cancel_requested_idx;
ALTER TABLE jobs DROP COLUMN output;
ALTER TABLE jobs DROP COLUMN progress_message;
ALTER TABLE jobs DROP COLUMN progress_percent;
ALTER TABLE jobs DROP COLUMN cancel_reason;
ALTER TABLE jobs DROP COLUMN cancel_requested_at;
DROP TABLE IF EXISTS queues;
