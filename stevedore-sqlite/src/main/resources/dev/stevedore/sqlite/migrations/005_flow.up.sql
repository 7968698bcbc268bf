-- Stevedore schema, version 5, for SQLite: flow control — limits (concurrency and rate, per key) and
-- circuit breakers. Times are epoch milliseconds. See the PostgreSQL migration for the reasoning.

-- A hold counts only while its job runs with the held attempt; stale rows are swept later.
CREATE TABLE limit_holds (
    key     TEXT    NOT NULL,
    job_id  INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    PRIMARY KEY (key, job_id)
) WITHOUT ROWID;

-- Starts per key per slot (a tenth of the limit's period, numbered from the epoch).
CREATE TABLE limit_slots (
    key        TEXT    NOT NULL,
    slot       INTEGER NOT NULL,
    starts     INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (key, slot)
) WITHOUT ROWID;

-- A refused job's place in line on a first-in-first-out key, while the job has not finished.
CREATE TABLE limit_waits (
    key    TEXT    NOT NULL,
    job_id INTEGER NOT NULL,
    PRIMARY KEY (key, job_id)
) WITHOUT ROWID;

CREATE TABLE limit_blocks (
    key           TEXT    PRIMARY KEY,
    blocked_until INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE breakers (
    name          TEXT    PRIMARY KEY,
    status        TEXT    NOT NULL DEFAULT 'closed' CHECK (status IN ('closed', 'open', 'half_open')),
    since         INTEGER NOT NULL,
    open_until    INTEGER,
    reason        TEXT    NOT NULL DEFAULT '',
    probe_job_id  INTEGER,
    probe_attempt INTEGER
);

CREATE TABLE breaker_slots (
    name       TEXT    NOT NULL,
    slot       INTEGER NOT NULL,
    successes  INTEGER NOT NULL,
    failures   INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (name, slot)
) WITHOUT ROWID;
