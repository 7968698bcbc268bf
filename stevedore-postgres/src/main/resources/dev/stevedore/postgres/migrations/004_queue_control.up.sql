-- Stevedore schema, version 4: queue pauses, cancel requests for running jobs, progress and output.
-- Every new jobs column is nullable without a default, so adding it only changes the catalog: no table
-- rewrite and no scan, however many rows the table holds.

-- One row per queue that was ever paused; paused_at is null once resumed. Claims probe it by primary
-- key (see job_claim), so it stays tiny and fast whatever the queue count.
CREATE TABLE {schema}.queues (
    name       text        PRIMARY KEY,
    paused_at  timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE {schema}.jobs
    ADD COLUMN cancel_requested_at timestamptz,
    ADD COLUMN cancel_reason       text,
    ADD COLUMN progress_percent    smallint,
    ADD COLUMN progress_message    text,
    ADD COLUMN output              jsonb;

-- Cancel requests for running jobs, by node: every node reads its own about once a second, and this
-- index holds only the handful of jobs with a request still on its way, so that read costs nothing.
CREATE INDEX jobs_cancel_requested_idx ON {schema}.jobs (attempted_by)
    WHERE state = 'running' AND cancel_requested_at IS NOT NULL;
