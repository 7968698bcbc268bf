-- Stevedore schema, version 8: cron schedules edited at runtime, disabled, paused after failures,
-- with one queued run; and the progress of fan-outs. New columns are nullable or have a constant
-- default, so adding them rewrites no rows.

-- expression and zone are the definition in force; declared_* are what the code declares. They differ
-- only while edited_at is set: an operator's runtime edit wins over the code until it is reset.
-- disabled_at set means disabled (by an operator, or after consecutive failures: disabled_reason).
-- queued_tick_at is the one tick waiting for the running job under the "queue one" overlap policy.
ALTER TABLE {schema}.cron_schedules
    ADD COLUMN declared_expression  text,
    ADD COLUMN declared_zone        text,
    ADD COLUMN edited_at            timestamptz,
    ADD COLUMN disabled_at          timestamptz,
    ADD COLUMN disabled_reason      text,
    ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
    ADD COLUMN last_outcome         text,
    ADD COLUMN last_outcome_job_id  bigint,
    ADD COLUMN last_outcome_at      timestamptz,
    ADD COLUMN queued_tick_at       timestamptz;
UPDATE {schema}.cron_schedules SET declared_expression = expression, declared_zone = zone;
ALTER TABLE {schema}.cron_schedules
    ALTER COLUMN declared_expression SET NOT NULL,
    ALTER COLUMN declared_zone SET NOT NULL;

-- The runs of a schedule (tick and run-now jobs) whose outcome the leader has not counted yet: one row
-- per job from its insert until it finishes, so the table stays as small as the unfinished runs.
-- job_id is not a foreign key: the pruner deletes jobs on its own schedule.
CREATE TABLE {schema}.cron_runs (
    job_id  bigint      PRIMARY KEY,
    name    text        NOT NULL REFERENCES {schema}.cron_schedules (name) ON DELETE CASCADE,
    tick_at timestamptz
);

-- Fan-outs: where each run of each fan-out stopped. position counts the source's items handled so far
-- (the next item's index, from which its time slot follows); cursor is the source's cursor after them.
CREATE TABLE {schema}.fan_outs (
    name        text        NOT NULL,
    run         text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    cursor      text,
    position    bigint      NOT NULL DEFAULT 0,
    enqueued    bigint      NOT NULL DEFAULT 0,
    finished_at timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, run)
);
