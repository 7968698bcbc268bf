-- Reverts the audit log migration.
DROP INDEX IF EXISTS {schema}.failures_job_idx;
DROP TABLE IF EXISTS {schema}.audit_log;
