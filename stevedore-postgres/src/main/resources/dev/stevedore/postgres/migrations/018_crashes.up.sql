-- Stevedore schema, version 18: poison-pill quarantine.
--
-- crashed_at holds the times the job's node died while running it (rescues of a silent node, or of what
-- an earlier process with the same node id left), oldest first, only those within the quarantine window
-- as of the latest crash: the rescue prunes it in the statement that appends to it. A job whose window
-- fills up is held instead of retried and quarantined_at says when; an operator's retry clears both.
-- Constant defaults: PostgreSQL 11+ adds these columns without rewriting the table.
ALTER TABLE {schema}.jobs ADD COLUMN crashed_at timestamptz[] NOT NULL DEFAULT '{}';
ALTER TABLE {schema}.jobs ADD COLUMN quarantined_at timestamptz;

-- Quarantined jobs are few and sought by the alert rule and `stevedore jobs list --quarantined`.
CREATE INDEX jobs_quarantined_idx ON {schema}.jobs (id) WHERE quarantined_at IS NOT NULL AND state = 'held';
