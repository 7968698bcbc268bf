-- Stevedore schema, version 4, for SQLite: queue pauses, cancel requests for running jobs, progress
-- and output. Adding a nullable column without a default only rewrites the schema, not the rows.

-- One row per queue that was ever paused; paused_at is null once resumed (epoch milliseconds).
CREATE TABLE queues (
    name       TEXT    PRIMARY KEY,
    paused_at  INTEGER,
    updated_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);

ALTER TABLE jobs ADD COLUMN cancel_requested_at INTEGER;
ALTER TABLE jobs ADD COLUMN cancel_reason TEXT;
ALTER TABLE jobs ADD COLUMN progress_percent INTEGER;
ALTER TABLE jobs ADD COLUMN progress_message TEXT;
ALTER TABLE jobs ADD COLUMN output TEXT;

-- Cancel requests for running jobs, by node: read about once a second per node; holds only the jobs
-- with a request still on its way.
CREATE INDEX jobs_cancel_requested_idx ON jobs (attempted_by)
    WHERE state = 'running' AND cancel_requested_at IS NOT NULL;
