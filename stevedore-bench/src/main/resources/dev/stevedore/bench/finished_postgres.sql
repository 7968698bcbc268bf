-- The finished history of `stevedore bench --finished-rows N` on PostgreSQL (FinishedRows): rows a
-- long-running system would hold, put in the benchmark's schema before the timed phases. {schema} is
-- that schema; :name are parameters. Every statement runs in auto-commit.

-- name: insert_finished
-- Rows :from..:to of :n, one statement per chunk so that progress can be shown and no transaction is
-- huge. Row g finished at :until - (:n - g) / :n × :span_ms, so the rows spread evenly over the span
-- and ids rise with finish time, as in a real table. Every :discard_every-th row was discarded on its
-- first attempt with one error, written in the shape the stores write (StoreJson's AttemptError: an
-- ISO instant, a Java Duration, the category's name); the rest completed. Args are the bench no-op's,
-- {"n": g}. Priority, max_attempts, tags and metadata keep their column defaults.
INSERT INTO {schema}.jobs (kind, queue, state, args, attempt, created_at, scheduled_at, attempted_at,
                           attempted_by, finished_at, errors, error_category)
SELECT :kind,
       :queue,
       CASE WHEN r.discarded THEN 'discarded' ELSE 'completed' END,
       jsonb_build_object('n', r.g),
       1,
       r.finished_at - interval '60 milliseconds',
       r.finished_at - interval '60 milliseconds',
       r.finished_at - interval '10 milliseconds',
       :node,
       r.finished_at,
       CASE WHEN r.discarded THEN jsonb_build_array(jsonb_build_object(
               'attempt', 1,
               'at', to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'node', :node,
               'errorClass', 'java.lang.IllegalArgumentException',
               'message', 'no such record',
               'stack', '',
               'category', 'PERMANENT',
               'duration', 'PT0.01S'))
            ELSE '[]'::jsonb END,
       CASE WHEN r.discarded THEN 'permanent' END
FROM (SELECT g,
             g % :discard_every::bigint = 0 AS discarded,
             :until::timestamptz
                 - ((:n::bigint - g) * :span_ms::bigint / :n::bigint) * interval '1 millisecond' AS finished_at
      FROM generate_series(:from::bigint, :to::bigint) AS g) AS r

-- name: vacuum_analyze
-- What autovacuum would have done to a table that grew to this size over time: the visibility map
-- marks the pages all-visible (index-only scans, and later vacuums skip them) and the planner gets
-- statistics for the new row count and state distribution. VACUUM cannot run inside a transaction
-- block: auto-commit only.
VACUUM (ANALYZE) {schema}.jobs

-- name: checkpoint
-- Writes out the gigabytes the seeding dirtied now, so a checkpoint does not do it during the timed
-- phases (the empty-table run has no such debt). Needs superuser or pg_checkpoint; skipped with a
-- note otherwise.
CHECKPOINT
