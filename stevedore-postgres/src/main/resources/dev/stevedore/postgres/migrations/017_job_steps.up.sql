-- Stevedore schema, version 17: step checkpoints (JobContext.step). One row per finished step of a
-- job, written in the step's own transaction with the step's database work, so a later attempt skips
-- the step exactly when its work committed. Deleted with the job (pruning, an operator's delete).
-- The primary key serves the cascade's lookup by job as well as the step lookup.
CREATE TABLE {schema}.job_steps (
    job_id      bigint      NOT NULL REFERENCES {schema}.jobs (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    result      jsonb,
    attempt     integer     NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, name)
);
