-- Reverts the audit log migration.
DROP INDEX IF EXISTS failures_job_idx;
DROP TABLE IF EXISTS audit_log;
