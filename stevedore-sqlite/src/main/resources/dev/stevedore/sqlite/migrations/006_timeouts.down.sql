-- Reverts version 6. A column must lose its index before SQLite lets it be dropped.
DROP INDEX IF EXISTS jobs_deadline_idx;
DROP INDEX IF EXISTS jobs_start_by_idx;
ALTER TABLE jobs DROP COLUMN heartbeat_timeout_ms;
ALTER TABLE jobs DROP COLUMN deadline_at;
ALTER TABLE jobs DROP COLUMN start_by;
