-- Cron schedules as the leader keeps them: the definition (from code) and where it stopped.
-- last_tick_at is the latest tick handled (fired or skipped); a new leader continues after it.
-- last_job_id is not a foreign key: the pruner deletes old jobs, and the schedule outlives them.
CREATE TABLE {schema}.cron_schedules (
    name          text        PRIMARY KEY,
    expression    text        NOT NULL,
    zone          text        NOT NULL,
    last_tick_at  timestamptz NOT NULL,
    last_job_id   bigint,
    next_tick_at  timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 50);
