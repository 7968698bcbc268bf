-- Stevedore schema, version 20, for SQLite: tallies of large running batches. See the PostgreSQL
-- migration 021_batch_tallies. tallied_at is epoch milliseconds, as the other times.
ALTER TABLE batches ADD COLUMN tallied_at INTEGER;
