-- Step checkpoints: see the PostgreSQL migration 017_job_steps. finished_at is epoch milliseconds.
CREATE TABLE job_steps (
    job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    result      TEXT,
    attempt     INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, name)
) WITHOUT ROWID;
