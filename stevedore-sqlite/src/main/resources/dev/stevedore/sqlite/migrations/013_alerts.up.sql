-- Stevedore schema, version 13, for SQLite: alerts fired by the leader's rules (the active ones and their
-- history), and the index the "issue regressed" rule reads. Times are epoch milliseconds.

CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    rule        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    fired_at    INTEGER NOT NULL,
    resolved_at INTEGER
);
-- At most one active alert per rule and subject.
CREATE UNIQUE INDEX alerts_active_idx ON alerts (rule, subject) WHERE resolved_at IS NULL;
-- The cool-down's look-up of a rule and subject's latest resolution.
CREATE INDEX alerts_resolved_idx ON alerts (rule, subject, resolved_at) WHERE resolved_at IS NOT NULL;
-- Pruning of the history by age.
CREATE INDEX alerts_prune_idx ON alerts (resolved_at) WHERE resolved_at IS NOT NULL;

-- The regressed issues the "issue regressed" alert rule reads every round, and nothing else.
CREATE INDEX issues_regressed_idx ON issues (regressed_at DESC) WHERE status = 'open' AND regressed_at IS NOT NULL;
