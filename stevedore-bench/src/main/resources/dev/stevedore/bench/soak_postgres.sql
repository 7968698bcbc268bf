-- The soak's per-sample reading of the jobs table (Soak). {schema} is the soak's schema.

-- name: sample
-- Sizes from the catalogue, row counts from the statistics collector (estimates, never a count of the
-- table's millions of rows); the ready count reads the partial claim index only.
SELECT pg_table_size('{schema}.jobs') AS table_bytes,
       pg_indexes_size('{schema}.jobs') AS index_bytes,
       pg_relation_size('{schema}.jobs_claim_idx') AS claim_index_bytes,
       s.n_live_tup AS live_rows,
       s.n_dead_tup AS dead_rows,
       s.autovacuum_count + s.vacuum_count AS vacuums,
       (SELECT count(*) FROM {schema}.jobs WHERE state = 'available') AS ready
FROM pg_stat_user_tables s
WHERE s.schemaname = '{schema}' AND s.relname = 'jobs'

-- name: unfinished
-- The soak's own jobs that did not complete.
SELECT count(*) FROM {schema}.jobs WHERE queue = :queue AND state <> 'completed'
