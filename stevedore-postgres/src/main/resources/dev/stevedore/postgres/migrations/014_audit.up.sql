-- Stevedore schema: the audit log of operator actions, and failures listed per job.

-- One row per operator action (the dashboard's retries, pauses, resolves …), appended, never updated,
-- read newest first by a backward scan of the primary key. Kept until deleted by hand: an audit log
-- that prunes itself answers fewer questions.
CREATE TABLE {schema}.audit_log (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    action  text        NOT NULL,
    target  text        NOT NULL,
    job_ids jsonb       NOT NULL DEFAULT '[]',
    outcome text        NOT NULL
);

-- A job page lists its failures (and so finds its issues) through this, in failure_list's order.
CREATE INDEX failures_job_idx ON {schema}.failures (job_id, id);
