-- Stevedore schema, version 1, for SQLite: jobs, nodes and the leadership lease.
-- Timestamps are INTEGER milliseconds since the Unix epoch. The store writes them from its injected
-- clock; the column defaults (wall clock, via julianday, which every SQLite version has) only serve
-- rows that other programs insert with plain SQL.

-- AUTOINCREMENT, not a bare INTEGER PRIMARY KEY: without it SQLite reuses the highest rowid once that
-- row is deleted, so pruning the newest job could hand its id to the next insert, and a late
-- completion fenced by (id, attempt) could then land on a different job.
CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT    NOT NULL,
    queue          TEXT    NOT NULL DEFAULT 'default',
    state          TEXT    NOT NULL DEFAULT 'available'
                   CONSTRAINT jobs_state_check CHECK (state IN ('scheduled', 'available', 'running', 'retryable',
                                                                'held', 'completed', 'discarded', 'cancelled')),
    priority       INTEGER NOT NULL DEFAULT 0,
    args           TEXT    NOT NULL,
    attempt        INTEGER NOT NULL DEFAULT 0,
    max_attempts   INTEGER NOT NULL DEFAULT 20,
    created_at     INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
    scheduled_at   INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
    attempted_at   INTEGER,
    attempted_by   TEXT,
    finished_at    INTEGER,
    timeout_ms     INTEGER,
    tags           TEXT    NOT NULL DEFAULT '[]',
    metadata       TEXT    NOT NULL DEFAULT '{}',
    errors         TEXT    NOT NULL DEFAULT '[]',
    error_category TEXT
);

-- Claim: the claim sub-select's WHERE implies the predicate and its ORDER BY is the index order, so
-- the planner walks this small index in order and stops after LIMIT rows, with no sort step.
CREATE INDEX jobs_claim_idx ON jobs (queue, priority DESC, scheduled_at, id) WHERE state = 'available';

-- Staging: due scheduled and retryable jobs, in due order.
CREATE INDEX jobs_staging_idx ON jobs (scheduled_at) WHERE state IN ('scheduled', 'retryable');

-- Rescue: running jobs by node.
CREATE INDEX jobs_running_idx ON jobs (attempted_by) WHERE state = 'running';

-- Prune: finished jobs by age.
CREATE INDEX jobs_prune_idx ON jobs (finished_at) WHERE state IN ('completed', 'discarded', 'cancelled');

CREATE TABLE nodes (
    node_id      TEXT    PRIMARY KEY,
    host         TEXT    NOT NULL DEFAULT '',
    pid          INTEGER NOT NULL DEFAULT 0,
    queues       TEXT    NOT NULL DEFAULT '[]',
    running      INTEGER NOT NULL DEFAULT 0,
    started_at   INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
    heartbeat_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);

CREATE TABLE leader (
    name       TEXT    PRIMARY KEY DEFAULT 'leader' CONSTRAINT leader_name_check CHECK (name = 'leader'),
    node_id    TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
