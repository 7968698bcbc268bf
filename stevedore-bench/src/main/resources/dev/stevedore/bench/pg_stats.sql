-- PostgreSQL's own statistics read by the benchmark (CommitCounter), and the removal of a run's
-- schema (BenchTarget). {schema} is the run's schema, validated by NamedQueries.checkSchema.

-- name: xact_commit
-- Transactions committed in this database by every backend, as far as they have flushed their
-- statistics (see CommitCounter for when that is).
SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()

-- name: drop_schema
-- The run's schema and everything in it, once the run is over.
DROP SCHEMA IF EXISTS {schema} CASCADE
