-- Stevedore schema, version 13: alerts fired by the leader's rules (the active ones and their history),
-- and what lets the issue upsert say which issues it opened or regressed (for issue events).

-- One row per alert, from firing to resolution and beyond, until pruned. Small: a handful per rule and
-- subject per day at most (the cool-down sees to that).
CREATE TABLE {schema}.alerts (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule        text        NOT NULL,
    subject     text        NOT NULL,
    message     text        NOT NULL,
    fired_at    timestamptz NOT NULL,
    resolved_at timestamptz
);
-- At most one active alert per rule and subject: two nodes that both lead for a moment fire it once.
CREATE UNIQUE INDEX alerts_active_idx ON {schema}.alerts (rule, subject) WHERE resolved_at IS NULL;
-- The cool-down's look-up of a rule and subject's latest resolution.
CREATE INDEX alerts_resolved_idx ON {schema}.alerts (rule, subject, resolved_at) WHERE resolved_at IS NOT NULL;
-- Pruning of the history by age.
CREATE INDEX alerts_prune_idx ON {schema}.alerts (resolved_at) WHERE resolved_at IS NOT NULL;

-- The token of the failure_record call that last inserted or reopened the issue: the upsert returns the
-- rows carrying its own token, which are exactly the issues it opened or regressed, at no extra read.
ALTER TABLE {schema}.issues ADD COLUMN opened_by text;
-- The regressed issues the "issue regressed" alert rule reads every round, and nothing else.
CREATE INDEX issues_regressed_idx ON {schema}.issues (regressed_at DESC) WHERE status = 'open' AND regressed_at IS NOT NULL;
