-- Statistics roll-ups: see the PostgreSQL migration of the same number. start is epoch milliseconds.
CREATE TABLE stats (
    start         INTEGER NOT NULL,
    width_s       INTEGER NOT NULL CHECK (width_s IN (60, 3600)),
    queue         TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    completed     INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    retried       INTEGER NOT NULL DEFAULT 0,
    discarded     INTEGER NOT NULL DEFAULT 0,
    timed_out     INTEGER NOT NULL DEFAULT 0,
    cancelled     INTEGER NOT NULL DEFAULT 0,
    runs          INTEGER NOT NULL DEFAULT 0,
    run_total_ms  INTEGER NOT NULL DEFAULT 0,
    run_max_ms    INTEGER NOT NULL DEFAULT 0,
    starts        INTEGER NOT NULL DEFAULT 0,
    wait_total_ms INTEGER NOT NULL DEFAULT 0,
    wait_max_ms   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (width_s, start, queue, kind)
) WITHOUT ROWID;
