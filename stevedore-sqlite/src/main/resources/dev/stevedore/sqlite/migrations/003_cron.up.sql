-- Cron schedules: see the PostgreSQL migration of the same number. Times are epoch milliseconds.
CREATE TABLE cron_schedules (
    name          TEXT    PRIMARY KEY,
    expression    TEXT    NOT NULL,
    zone          TEXT    NOT NULL,
    last_tick_at  INTEGER NOT NULL,
    last_job_id   INTEGER,
    next_tick_at  INTEGER,
    updated_at    INTEGER NOT NULL
);
