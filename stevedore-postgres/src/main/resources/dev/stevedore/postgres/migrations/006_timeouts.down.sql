-- Reverts version 6.
DROP INDEX IF EXISTS {schema}.jobs_deadline_idx;
DROP INDEX IF EXISTS {schema}.jobs_start_by_idx;
ALTER TABLE {schema}.jobs
    DROP COLUMN IF EXISTS heartbeat_timeout_ms,
    DROP COLUMN IF EXISTS deadline_at,
    DROP COLUMN IF EXISTS start_by;
