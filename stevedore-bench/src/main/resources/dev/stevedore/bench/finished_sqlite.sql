-- The finished history of `stevedore bench --finished-rows N` on SQLite (FinishedRows): rows a
-- long-running system would hold, put in the benchmark's file before the timed phases. {schema} is
-- "main"; :name are parameters; timestamps are epoch milliseconds, as the store writes them. Every
-- statement runs in auto-commit, one transaction each.

-- name: insert_finished
-- Rows :from..:to of :n, one statement (so one transaction) per chunk, so that progress can be shown
-- and no transaction, nor the WAL it writes, is huge. The recursive CTE counts :from..:to (the
-- generate_series table-valued function is an extension the JDBC driver's build may lack). Row i
-- finished at :until - (:n - i) / :n × :span_ms, so the rows spread evenly over the span and ids
-- rise with finish time, as in a real table. Every :discard_every-th row was discarded on its first
-- attempt with one error, in the shape the stores write (StoreJson's AttemptError: an ISO instant, a
-- Java Duration, the category's name); the rest completed. Args are the bench no-op's, {"n": i}.
WITH RECURSIVE seq(i) AS (
    SELECT :from
    UNION ALL
    SELECT i + 1 FROM seq WHERE i < :to
)
INSERT INTO {schema}.jobs (kind, queue, state, args, attempt, created_at, scheduled_at, attempted_at,
                           attempted_by, finished_at, errors, error_category)
SELECT :kind,
       :queue,
       CASE WHEN r.discarded THEN 'discarded' ELSE 'completed' END,
       json_object('n', r.i),
       1,
       r.finished_at - 60,
       r.finished_at - 60,
       r.finished_at - 10,
       :node,
       r.finished_at,
       CASE WHEN r.discarded THEN json_array(json_object(
               'attempt', 1,
               'at', strftime('%Y-%m-%dT%H:%M:%fZ', r.finished_at / 1000.0, 'unixepoch'),
               'node', :node,
               'errorClass', 'java.lang.IllegalArgumentException',
               'message', 'no such record',
               'stack', '',
               'category', 'PERMANENT',
               'duration', 'PT0.01S'))
            ELSE '[]' END,
       CASE WHEN r.discarded THEN 'permanent' END
FROM (SELECT i,
             i % :discard_every = 0 AS discarded,
             :until - ((:n - i) * :span_ms / :n) AS finished_at
      FROM seq) AS r

-- name: analyze
-- Statistics for the planner (sqlite_stat1), as a long-running file that ran PRAGMA optimize would
-- have them.
ANALYZE {schema}.jobs

-- name: wal_checkpoint
-- Copies the seeding's pages from the WAL into the database file and empties the WAL, so the timed
-- phases start with a short WAL, as the empty-table run does, rather than checkpointing the history.
PRAGMA wal_checkpoint(TRUNCATE)
