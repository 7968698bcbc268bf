-- Reverts version 8: runtime edits, pauses and run tracking of cron schedules, and fan-out progress.
DROP TABLE IF EXISTS {schema}.fan_outs;
DROP TABLE IF EXISTS {schema}.cron_runs;
ALTER TABLE {schema}.cron_schedules
    DROP COLUMN IF EXISTS queued_tick_at,
    DROP COLUMN IF EXISTS last_outcome_at,
    DROP COLUMN IF EXISTS last_outcome_job_id,
    DROP COLUMN IF EXISTS last_outcome,
    DROP COLUMN IF EXISTS consecutive_failures,
    DROP COLUMN IF EXISTS disabled_reason,
    DROP COLUMN IF EXISTS disabled_at,
    DROP COLUMN IF EXISTS edited_at,
    DROP COLUMN IF EXISTS declared_zone,
    DROP COLUMN IF EXISTS declared_expression;
