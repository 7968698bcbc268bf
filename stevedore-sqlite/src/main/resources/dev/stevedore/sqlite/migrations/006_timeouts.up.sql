-- Stevedore schema, version 6, for SQLite: time limits of a job beyond timeout_ms (see the PostgreSQL
-- migration of the same number). Times are epoch milliseconds. Adding a nullable column without a
-- default only rewrites the schema, not the rows.
ALTER TABLE jobs ADD COLUMN start_by INTEGER;
ALTER TABLE jobs ADD COLUMN deadline_at INTEGER;
ALTER TABLE jobs ADD COLUMN heartbeat_timeout_ms INTEGER;

-- For the leader's expiry sweep; each holds only waiting jobs that set the limit. job_expire repeats
-- these predicates word for word, which is what lets SQLite use a partial index.
CREATE INDEX jobs_start_by_idx ON jobs (start_by)
    WHERE start_by IS NOT NULL AND attempt = 0 AND state IN ('scheduled', 'available');
CREATE INDEX jobs_deadline_idx ON jobs (deadline_at)
    WHERE deadline_at IS NOT NULL AND state IN ('scheduled', 'available', 'retryable');
