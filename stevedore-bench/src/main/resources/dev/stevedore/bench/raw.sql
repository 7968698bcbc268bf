-- The plain SQL of `stevedore bench --raw` (RawBounds): the least work PostgreSQL must do for each
-- throughput phase, sent over plain JDBC to a second bench_<random> schema migrated exactly like the
-- store's, so the table, its indexes and its storage parameters are the same. {schema} is that
-- schema; :name are parameters. Every statement runs in auto-commit: one statement, one transaction.

-- name: insert
-- Single enqueue's counterpart: the columns a new job needs, everything else from the defaults.
INSERT INTO {schema}.jobs (kind, queue, args) VALUES (:kind, :queue, :args::jsonb)

-- name: copy
-- Bulk enqueue's counterpart, in COPY's text format: kind, queue and args separated by tabs.
COPY {schema}.jobs (kind, queue, args) FROM STDIN

-- name: claim
-- The same statement as the store's job_claim. The pick is a CTE because a CTE carrying FOR UPDATE is
-- never inlined, so it runs once and locks exactly the rows it returns; its WHERE and ORDER BY match
-- jobs_claim_idx column for column, so the plan is a partial-index range scan in order that stops
-- after :limit lockable rows, with no sort; SKIP LOCKED lets parallel claimers step over each other's
-- rows instead of queueing behind them. RETURNING j.* because a real worker needs the whole row.
WITH picked AS (
    SELECT id
    FROM {schema}.jobs
    WHERE state = 'available' AND queue = :queue
    ORDER BY priority DESC, scheduled_at, id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
UPDATE {schema}.jobs j
SET state = 'running', attempt = j.attempt + 1, attempted_at = now(), attempted_by = :node
FROM picked
WHERE j.id = picked.id
RETURNING j.*

-- name: complete
-- The store's job_complete_many reduced to success: the arrays are zipped by unnest into a row source
-- that drives a nested loop of primary-key probes, fenced by attempt and state. The state test is
-- written "IS TRUE" on purpose: a plain j.state = 'running' lets the planner prove the predicate of
-- the partial index jobs_running_idx and, trusting statistics taken when few jobs were running, scan
-- that whole index (live and dead entries) once per batch row instead of probing the primary key.
UPDATE {schema}.jobs j
SET state = 'completed', finished_at = now()
FROM unnest(:ids::bigint[], :attempts::int[]) AS u(id, attempt)
WHERE j.id = u.id AND j.attempt = u.attempt AND (j.state = 'running') IS TRUE

-- name: count_in_state
-- The drain's check: every row it was given must end completed.
SELECT count(*) AS n FROM {schema}.jobs WHERE queue = :queue AND state = :state

-- name: delete_queue
-- Between the drains of 1, 2 and 4 connections: the last drain's rows go, and only they; the finished
-- history of --finished-rows and the other queues' rows stay (see RawBounds.refill).
DELETE FROM {schema}.jobs WHERE queue = :queue

-- name: vacuum
-- Then the deleted rows and their index entries go too, so each drain starts with the same table.
-- INDEX_CLEANUP ON because PostgreSQL 14+ skips index vacuuming when few pages hold dead rows (under
-- 2% of the table, as 100,000 rows among 10 million are), which would leave the last drain's dead
-- entries at the head of jobs_claim_idx for the next one's claims to step over. ANALYZE: fresh
-- statistics for the table as it now is. Auto-commit only, as every VACUUM.
VACUUM (INDEX_CLEANUP ON, ANALYZE) {schema}.jobs
