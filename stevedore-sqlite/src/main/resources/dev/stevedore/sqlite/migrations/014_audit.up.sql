-- Stevedore schema, for SQLite: the audit log of operator actions, and failures listed per job. Times
-- are epoch milliseconds; JSON columns are TEXT.

-- One row per operator action, appended, read newest first by a backward walk of the rowid. Kept until
-- deleted by hand.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    job_ids TEXT    NOT NULL DEFAULT '[]',
    outcome TEXT    NOT NULL
);

-- A job page lists its failures (and so finds its issues) through this.
CREATE INDEX failures_job_idx ON failures (job_id, id);
