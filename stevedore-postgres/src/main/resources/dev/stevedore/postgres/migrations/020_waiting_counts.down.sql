CREATE INDEX jobs_staging_plain_idx ON {schema}.jobs (scheduled_at) WHERE state IN ('scheduled', 'retryable');
DROP INDEX {schema}.jobs_staging_idx;
ALTER INDEX {schema}.jobs_staging_plain_idx RENAME TO jobs_staging_idx;
