-- Stevedore schema, version 12, for SQLite: what queue health reads besides the statistics roll-ups.
-- Times are epoch milliseconds; JSON columns are TEXT.

-- The leader's per-minute samples of each queue's ready and running counts, kept a day: the backlog
-- trend of a queue is read from its samples by primary key, the pruner deletes old ones by at.
CREATE TABLE queue_samples (
    queue   TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    ready   INTEGER NOT NULL,
    running INTEGER NOT NULL,
    PRIMARY KEY (queue, at)
);
CREATE INDEX queue_samples_at_idx ON queue_samples (at);

-- What each node declares about the queues it serves (concurrency, latency target), with its heartbeat.
ALTER TABLE nodes ADD COLUMN queue_settings TEXT NOT NULL DEFAULT '{}';
