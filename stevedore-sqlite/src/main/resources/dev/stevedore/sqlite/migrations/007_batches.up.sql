-- Batches and workflows: see the PostgreSQL migration of the same number. Times are epoch
-- milliseconds; callbacks is a JSON array as there.
CREATE TABLE batches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id   INTEGER,
    description TEXT    NOT NULL DEFAULT '',
    metadata    TEXT    NOT NULL DEFAULT '{}',
    callbacks   TEXT    NOT NULL DEFAULT '[]',
    created_at  INTEGER NOT NULL,
    finished_at INTEGER,
    total       INTEGER,
    completed   INTEGER,
    failed      INTEGER,
    cancelled   INTEGER
);

CREATE INDEX batches_open_idx ON batches (id) WHERE finished_at IS NULL;
CREATE INDEX batches_parent_idx ON batches (parent_id) WHERE parent_id IS NOT NULL;

ALTER TABLE jobs ADD COLUMN batch_id INTEGER;
CREATE INDEX jobs_batch_idx ON jobs (batch_id, state) WHERE batch_id IS NOT NULL;

CREATE TABLE job_deps (
    job_id      INTEGER NOT NULL,
    upstream_id INTEGER NOT NULL,
    on_failure  TEXT    NOT NULL CONSTRAINT job_deps_on_failure_check CHECK (on_failure IN ('cancel', 'run')),
    PRIMARY KEY (job_id, upstream_id)
) WITHOUT ROWID;
CREATE INDEX job_deps_upstream_idx ON job_deps (upstream_id);

-- What each job or child batch counts as in its batch's tally (see the PostgreSQL migration).
CREATE VIEW batch_units AS
    SELECT batch_id,
           CASE state WHEN 'completed' THEN 'completed' WHEN 'discarded' THEN 'failed'
                      WHEN 'cancelled' THEN 'cancelled' ELSE 'pending' END AS outcome
    FROM jobs
    WHERE batch_id IS NOT NULL
    UNION ALL
    SELECT parent_id,
           CASE WHEN finished_at IS NULL THEN 'pending' WHEN failed + cancelled = 0 THEN 'completed'
                ELSE 'failed' END
    FROM batches
    WHERE parent_id IS NOT NULL;

-- Open batches with nothing left to wait for (see the PostgreSQL migration).
CREATE VIEW batches_ready AS
    SELECT b.id
    FROM batches b
    WHERE b.finished_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM jobs j
                      WHERE j.batch_id = b.id AND j.state IN ('scheduled', 'available', 'running', 'retryable', 'held'))
      AND NOT EXISTS (SELECT 1 FROM batches c WHERE c.parent_id = b.id AND c.finished_at IS NULL);
