-- Stevedore schema, version 11: every failed attempt (failures) and the issues they group into.

-- One row per failed attempt, written in batches by each node's recorder, never in the completion's
-- transaction. Listed newest first by a backward scan of the primary key; pruned by age through
-- failures_at_idx; listed per issue through failures_issue_idx.
CREATE TABLE {schema}.failures (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    issue_id    text        NOT NULL,
    job_id      bigint      NOT NULL,
    kind        text        NOT NULL,
    queue       text        NOT NULL,
    args        jsonb       NOT NULL,
    error_class text        NOT NULL,
    message     text        NOT NULL,
    stack       text        NOT NULL,
    category    text        NOT NULL,
    retryable   boolean     NOT NULL,
    attempt     integer     NOT NULL,
    node        text        NOT NULL,
    duration_ms bigint      NOT NULL,
    at          timestamptz NOT NULL,
    tags        jsonb       NOT NULL,
    metadata    jsonb       NOT NULL
);
CREATE INDEX failures_at_idx ON {schema}.failures (at);
CREATE INDEX failures_issue_idx ON {schema}.failures (issue_id, id);

-- One row per fingerprint, upserted once per recorder batch. Small: as many rows as distinct bugs.
CREATE TABLE {schema}.issues (
    id             text        PRIMARY KEY,
    kind           text        NOT NULL,
    error_class    text        NOT NULL,
    message        text        NOT NULL,
    stack          text        NOT NULL,
    status         text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'ignored')),
    count          bigint      NOT NULL,
    first_seen     timestamptz NOT NULL,
    last_seen      timestamptz NOT NULL,
    queues         jsonb       NOT NULL,
    sample_job_ids jsonb       NOT NULL,
    regressed_at   timestamptz
);
CREATE INDEX issues_last_seen_idx ON {schema}.issues (last_seen DESC, id DESC);
