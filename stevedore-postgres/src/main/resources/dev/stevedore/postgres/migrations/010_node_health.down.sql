-- Reverts version 10: node health.
ALTER TABLE {schema}.nodes
    DROP COLUMN IF EXISTS heap_used,
    DROP COLUMN IF EXISTS heap_max,
    DROP COLUMN IF EXISTS rss,
    DROP COLUMN IF EXISTS oldest_job_id,
    DROP COLUMN IF EXISTS oldest_job_since;
