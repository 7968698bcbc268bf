-- PostgreSQL's own statistics read by the benchmark (CommitCounter). {schema} is unused: the views
-- are database-wide.

-- name: xact_commit
-- Transactions committed in this database by every backend, as far as they have flushed their
-- statistics (see CommitCounter for when that is).
SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()
