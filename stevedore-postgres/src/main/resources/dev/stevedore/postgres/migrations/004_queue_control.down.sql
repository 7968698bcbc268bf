-- Reverts version 2.
DROP INDEX IF EXISTS {schema}.jobs_cancel_requested_idx;
ALTER TABLE {schema}.jobs
    DROP COLUMN IF EXISTS output,
    DROP COLUMN IF EXISTS progress_message,
    DROP COLUMN IF EXISTS progress_percent,
    DROP COLUMN IF EXISTS cancel_reason,
    DROP COLUMN IF EXISTS cancel_requested_at;
DROP TABLE IF EXISTS {schema}.queues;
