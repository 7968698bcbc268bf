-- Stevedore schema, version 11, for SQLite: every failed attempt (failures) and the issues they group
-- into. Times are epoch milliseconds; JSON columns are TEXT.

-- One row per failed attempt. Listed newest first by a backward walk of the rowid; pruned by age
-- through failures_at_idx; listed per issue through failures_issue_idx.
CREATE TABLE failures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    issue_id    TEXT    NOT NULL,
    job_id      INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    queue       TEXT    NOT NULL,
    args        TEXT    NOT NULL,
    error_class TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    stack       TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    retryable   INTEGER NOT NULL,
    attempt     INTEGER NOT NULL,
    node        TEXT    NOT NULL,
    duration_ms INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    tags        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL
);
CREATE INDEX failures_at_idx ON failures (at);
CREATE INDEX failures_issue_idx ON failures (issue_id, id);

-- One row per fingerprint, upserted once per recorder batch.
CREATE TABLE issues (
    id             TEXT    PRIMARY KEY,
    kind           TEXT    NOT NULL,
    error_class    TEXT    NOT NULL,
    message        TEXT    NOT NULL,
    stack          TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'ignored')),
    count          INTEGER NOT NULL,
    first_seen     INTEGER NOT NULL,
    last_seen      INTEGER NOT NULL,
    queues         TEXT    NOT NULL,
    sample_job_ids TEXT    NOT NULL,
    regressed_at   INTEGER
);
CREATE INDEX issues_last_seen_idx ON issues (last_seen DESC, id DESC);
