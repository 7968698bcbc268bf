-- Stevedore schema, version 17, for SQLite: poison-pill quarantine. See the PostgreSQL migration 018_crashes.
--
-- crashed_at is a JSON array of epoch milliseconds (NULL for none), oldest first, pruned to the
-- quarantine window by the rescue that appends to it.
ALTER TABLE jobs ADD COLUMN crashed_at TEXT;
ALTER TABLE jobs ADD COLUMN quarantined_at INTEGER;

CREATE INDEX jobs_quarantined_idx ON jobs (id) WHERE quarantined_at IS NOT NULL AND state = 'held';
