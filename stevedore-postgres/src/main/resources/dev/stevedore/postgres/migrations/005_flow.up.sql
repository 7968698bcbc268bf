-- Stevedore schema, version 5: flow control — limits (concurrency and rate, per key) and circuit breakers.
-- None of these tables is touched by a job that no limit or breaker applies to.

-- Concurrency: one row per admitted job per key it holds. A hold counts only while its job is running
-- with the held attempt (the admission joins jobs), so a job that ends, or is rescued from a dead node,
-- frees its hold without anyone deleting the row; stale rows are swept later.
CREATE TABLE {schema}.limit_holds (
    key     text    NOT NULL,
    job_id  bigint  NOT NULL,
    attempt integer NOT NULL,
    PRIMARY KEY (key, job_id)
);

-- Rates: starts per key per slot (a tenth of the limit's period, numbered from the epoch). A window
-- counts the current slot and the ten before it. expires_at is when the row stops mattering.
CREATE TABLE {schema}.limit_slots (
    key        text        NOT NULL,
    slot       bigint      NOT NULL,
    starts     integer     NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (key, slot)
);

-- First-in-first-out keys: a refused job's place in line. It counts while its job has not finished;
-- the admission drops it once the job is admitted.
CREATE TABLE {schema}.limit_waits (
    key    text   NOT NULL,
    job_id bigint NOT NULL,
    PRIMARY KEY (key, job_id)
);

-- A job reported "rate limited until T" (say, from a Retry-After header): no job of the key starts before T.
CREATE TABLE {schema}.limit_blocks (
    key           text        PRIMARY KEY,
    blocked_until timestamptz NOT NULL
);

-- Circuit breakers, shared by every node. probe_job_id/probe_attempt name the one job running as the
-- half-open probe; like a hold, it counts only while that job runs with that attempt.
CREATE TABLE {schema}.breakers (
    name          text        PRIMARY KEY,
    status        text        NOT NULL DEFAULT 'closed'
                  CONSTRAINT breakers_status_check CHECK (status IN ('closed', 'open', 'half_open')),
    since         timestamptz NOT NULL DEFAULT now(),
    open_until    timestamptz,
    reason        text        NOT NULL DEFAULT '',
    probe_job_id  bigint,
    probe_attempt integer
) WITH (fillfactor = 50);

-- Outcomes per breaker per slot of its window (a tenth of the window).
CREATE TABLE {schema}.breaker_slots (
    name       text        NOT NULL,
    slot       bigint      NOT NULL,
    successes  integer     NOT NULL,
    failures   integer     NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (name, slot)
);
