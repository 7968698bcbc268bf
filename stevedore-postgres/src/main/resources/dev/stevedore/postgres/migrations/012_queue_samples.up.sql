-- Stevedore schema, version 12: what queue health reads besides the statistics roll-ups.

-- The leader's per-minute samples of each queue's ready and running counts, kept a day: the backlog
-- trend of a queue is read from its samples by primary key, the pruner deletes old ones by at.
CREATE TABLE {schema}.queue_samples (
    queue   text        NOT NULL,
    at      timestamptz NOT NULL,
    ready   bigint      NOT NULL,
    running bigint      NOT NULL,
    PRIMARY KEY (queue, at)
);
CREATE INDEX queue_samples_at_idx ON {schema}.queue_samples (at);

-- What each node declares about the queues it serves (concurrency, latency target), with its heartbeat:
-- {"mail": {"concurrency": 20, "latencyTargetMs": 60000}}. A constant default rewrites no rows.
ALTER TABLE {schema}.nodes ADD COLUMN queue_settings jsonb NOT NULL DEFAULT '{}';
