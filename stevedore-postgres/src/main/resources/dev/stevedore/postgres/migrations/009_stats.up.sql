-- Stevedore schema, version 9: statistics roll-ups. One row per bucket (a minute, or an hour once
-- down-sampled), queue and kind, which every node adds its sums to. Charts, health scores and trends
-- read these rows, never the job rows.
CREATE TABLE {schema}.stats (
    start       timestamptz NOT NULL,
    width_s     integer     NOT NULL CONSTRAINT stats_width_check CHECK (width_s IN (60, 3600)),
    queue       text        NOT NULL,
    kind        text        NOT NULL,
    completed   bigint      NOT NULL DEFAULT 0,
    failed      bigint      NOT NULL DEFAULT 0,
    retried     bigint      NOT NULL DEFAULT 0,
    discarded   bigint      NOT NULL DEFAULT 0,
    timed_out   bigint      NOT NULL DEFAULT 0,
    cancelled   bigint      NOT NULL DEFAULT 0,
    runs        bigint      NOT NULL DEFAULT 0,
    run_total_ms  bigint    NOT NULL DEFAULT 0,
    run_max_ms    bigint    NOT NULL DEFAULT 0,
    starts      bigint      NOT NULL DEFAULT 0,
    wait_total_ms bigint    NOT NULL DEFAULT 0,
    wait_max_ms   bigint    NOT NULL DEFAULT 0,
    PRIMARY KEY (width_s, start, queue, kind)
);
