-- Stevedore schema, version 8, for SQLite: see the PostgreSQL migration of the same number. Times are
-- epoch milliseconds. SQLite adds a NOT NULL column only with a default, so declared_* get '' and are
-- filled from the current definition at once.
ALTER TABLE cron_schedules ADD COLUMN declared_expression TEXT NOT NULL DEFAULT '';
ALTER TABLE cron_schedules ADD COLUMN declared_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE cron_schedules ADD COLUMN edited_at INTEGER;
ALTER TABLE cron_schedules ADD COLUMN disabled_at INTEGER;
ALTER TABLE cron_schedules ADD COLUMN disabled_reason TEXT;
ALTER TABLE cron_schedules ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cron_schedules ADD COLUMN last_outcome TEXT;
ALTER TABLE cron_schedules ADD COLUMN last_outcome_job_id INTEGER;
ALTER TABLE cron_schedules ADD COLUMN last_outcome_at INTEGER;
ALTER TABLE cron_schedules ADD COLUMN queued_tick_at INTEGER;
UPDATE cron_schedules SET declared_expression = expression, declared_zone = zone;

CREATE TABLE cron_runs (
    job_id  INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL REFERENCES cron_schedules (name) ON DELETE CASCADE,
    tick_at INTEGER
);

CREATE TABLE fan_outs (
    name        TEXT    NOT NULL,
    run         TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    cursor      TEXT,
    position    INTEGER NOT NULL DEFAULT 0,
    enqueued    INTEGER NOT NULL DEFAULT 0,
    finished_at INTEGER,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (name, run)
);
