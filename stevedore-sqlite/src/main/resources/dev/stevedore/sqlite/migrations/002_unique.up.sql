-- Unique jobs: see the PostgreSQL migration of the same number. instr() is deterministic, so it may
-- appear in a partial index's WHERE; the index holds only rows whose state is in their own list.
ALTER TABLE jobs ADD COLUMN unique_key TEXT;
ALTER TABLE jobs ADD COLUMN unique_states TEXT;

CREATE UNIQUE INDEX jobs_unique_idx ON jobs (unique_key)
    WHERE unique_key IS NOT NULL AND instr(unique_states, ',' || state || ',') > 0;
