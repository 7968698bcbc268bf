-- Every statement of the SQLite store; :name are parameters. Times are INTEGER epoch milliseconds and
-- always come in as parameters (:now, cut-offs) from the store's injected clock, never from SQLite's
-- own clock, so a test clock governs everything the store writes. The {schema} placeholder of
-- NamedQueries is not used: a SQLite file is the unit of isolation, and the tables have plain names.
--
-- Concurrency: SQLite admits one writer per file at a time. Every write runs inside BEGIN IMMEDIATE,
-- which takes the write lock up front (waiting up to busy_timeout for another process to finish), so
-- "pick rows, then update them" can never interleave with another writer: that is this engine's
-- equivalent of FOR UPDATE SKIP LOCKED.

-- ---- connection and transactions --------------------------------------------------------------------

-- name: pragma_journal_mode
-- WAL: readers never block the writer and the writer never blocks readers, across processes too.
-- Persistent in the file; returns the mode in effect, which the store checks.
PRAGMA journal_mode = WAL

-- name: pragma_synchronous
-- NORMAL in WAL mode: a commit is durable once the WAL is synced at checkpoint; a power loss may drop
-- the last transactions but never corrupts the file. The usual trade for a queue.
PRAGMA synchronous = NORMAL

-- name: pragma_cache_size
-- 64 MiB of page cache for each of the store's connections (the default is 2 MiB): the claim and completion
-- paths touch the jobs table and four indexes, and a drain of 100,000 jobs walks far more than 2 MiB;
-- measured with stevedore bench, bulk enqueue went from about 46,000 to 77,000 jobs/s.
PRAGMA cache_size = -65536

-- name: pragma_query_only
-- On the connection beside the store's own (Db.readAside), which only reads.
PRAGMA query_only = ON

-- name: pragma_foreign_keys
PRAGMA foreign_keys = ON

-- name: tx_begin
BEGIN IMMEDIATE

-- name: tx_commit
COMMIT

-- name: tx_rollback
ROLLBACK

-- ---- jobs -------------------------------------------------------------------------------------------

-- name: job_insert
-- The id is chosen explicitly rather than left to AUTOINCREMENT: sqlite_sequence is transactional,
-- so after a caller rolls back a transactional enqueue SQLite would hand the same id to the next job,
-- and the id the caller was given would name a different job. :after is the highest id this store
-- instance has handed out, which rolled-back ids count towards; an explicit id above the sequence
-- also advances sqlite_sequence, so AUTOINCREMENT stays consistent for raw inserts. :batch_id is null
-- but for the jobs (and callbacks) of a batch.
INSERT INTO jobs (id, kind, queue, args, priority, max_attempts, state, created_at, scheduled_at, timeout_ms,
                  tags, metadata, start_by, deadline_at, heartbeat_timeout_ms, batch_id, limit_keys)
VALUES ((SELECT max(coalesce(max(seq), 0), :after) + 1 FROM sqlite_sequence WHERE name = 'jobs'),
        :kind, :queue, :args, :priority, :max_attempts, :state, :now, :scheduled_at, :timeout_ms,
        :tags, :metadata, :start_by, :deadline_at, :heartbeat_timeout_ms, :batch_id, :limit_keys)
RETURNING id

-- name: job_insert_unique
-- job_insert for a unique job. DO NOTHING without a conflict target applies to jobs_unique_idx (a
-- partial index): a duplicate in one of its unique states makes this insert nothing and return no row.
INSERT INTO jobs (id, kind, queue, args, priority, max_attempts, state, created_at, scheduled_at, timeout_ms,
                  tags, metadata, unique_key, unique_states, start_by, deadline_at, heartbeat_timeout_ms, limit_keys)
VALUES ((SELECT max(coalesce(max(seq), 0), :after) + 1 FROM sqlite_sequence WHERE name = 'jobs'),
        :kind, :queue, :args, :priority, :max_attempts, :state, :now, :scheduled_at, :timeout_ms,
        :tags, :metadata, :unique_key, :unique_states, :start_by, :deadline_at, :heartbeat_timeout_ms, :limit_keys)
ON CONFLICT DO NOTHING
RETURNING id

-- name: job_find_unique
-- The job holding a stored unique key: the WHERE implies jobs_unique_idx's predicate.
SELECT id, state FROM jobs
WHERE unique_key = :unique_key AND instr(unique_states, ',' || state || ',') > 0

-- name: job_claim
-- The sub-select's WHERE implies jobs_claim_idx's predicate and its ORDER BY is the index order, so it
-- is an in-order range scan of the partial index that stops after :limit rows. It runs inside BEGIN
-- IMMEDIATE: no other connection can write between the pick and the update. RETURNING does not keep
-- the sub-select's order: the caller sorts. The pause test is uncorrelated, so SQLite evaluates it
-- once per statement (one primary-key probe of queues), not once per row.
UPDATE jobs
SET state = 'running', attempt = attempt + 1, attempted_at = :now, attempted_by = :node,
    progress_percent = NULL, progress_message = NULL
WHERE id IN (SELECT id
             FROM jobs
             WHERE state = 'available' AND queue = :queue
               AND NOT EXISTS (SELECT 1 FROM queues q WHERE q.name = :queue AND q.paused_at IS NOT NULL)
             ORDER BY priority DESC, scheduled_at, id
             LIMIT :limit)
RETURNING *

-- name: job_complete_many
-- A whole batch of completions in one statement. :batch is a JSON array of rows
-- [id, attempt, state, run_in_ms, error JSON text or null, category or null, refund 0/1, output JSON
-- text or null, progress percent or null, progress message or null] (written by
-- JobTransitions.completionRow); json_each turns it into the row source u, and each u row finds its
-- job by rowid. Fenced by (id, attempt) and the job still running: a late completion of a job that
-- was rescued and claimed again matches no row. The error is appended with json_insert '$[#]' (end
-- of array); an errors value that is not a JSON array (a hand-written row) is replaced by a fresh
-- array rather than failing the whole batch. CASE evaluates only the branch it takes, so json_type
-- never sees malformed text. The unary plus in "+jobs.state" keeps that term from selecting an index:
-- once ANALYZE has seen jobs_running_idx nearly empty, SQLite would otherwise scan it as the outer
-- loop with json_each inside, costing running jobs x batch size instead of one rowid probe per row.
-- A job with a cancel request that would otherwise run again or wait for an operator ends cancelled:
-- the request may have come after the node last looked.
UPDATE jobs
SET state          = CASE WHEN jobs.cancel_requested_at IS NOT NULL
                           AND u.state IN ('retryable', 'scheduled', 'available', 'held')
                          THEN 'cancelled' ELSE u.state END,
    scheduled_at   = CASE WHEN u.state IN ('retryable', 'scheduled', 'available') AND jobs.cancel_requested_at IS NULL
                          THEN :now + u.run_in_ms ELSE jobs.scheduled_at END,
    finished_at    = CASE WHEN u.state IN ('completed', 'discarded', 'cancelled')
                            OR jobs.cancel_requested_at IS NOT NULL THEN :now END,
    errors         = CASE WHEN u.error IS NULL THEN jobs.errors
                          WHEN NOT json_valid(jobs.errors) THEN json_array(json(u.error))
                          WHEN json_type(jobs.errors) <> 'array' THEN json_array(json(u.error))
                          ELSE json_insert(jobs.errors, '$[#]', json(u.error)) END,
    error_category = coalesce(u.category, jobs.error_category),
    max_attempts   = jobs.max_attempts + u.refund,
    output         = coalesce(u.output, jobs.output),
    progress_percent = coalesce(u.progress_percent, jobs.progress_percent),
    progress_message = CASE WHEN u.progress_percent IS NULL THEN jobs.progress_message ELSE u.progress_message END
FROM (SELECT value ->> 0 AS id, value ->> 1 AS attempt, value ->> 2 AS state, value ->> 3 AS run_in_ms,
             value ->> 4 AS error, value ->> 5 AS category, value ->> 6 AS refund, value ->> 7 AS output,
             value ->> 8 AS progress_percent, value ->> 9 AS progress_message
      FROM json_each(:batch)) AS u
WHERE jobs.id = u.id AND jobs.attempt = u.attempt AND +jobs.state = 'running'
RETURNING jobs.id, jobs.queue, jobs.state

-- name: job_stage
-- The term state IN ('scheduled', 'retryable') is jobs_staging_idx's predicate word for word (SQLite
-- only uses a partial index whose predicate it can match against a WHERE term), so due rows come
-- from that index in due order.
UPDATE jobs
SET state = 'available'
WHERE id IN (SELECT id
             FROM jobs
             WHERE state IN ('scheduled', 'retryable') AND scheduled_at <= :now
             ORDER BY scheduled_at
             LIMIT :limit)
RETURNING queue

-- name: job_rescue_candidates
-- Orphans: running jobs whose node row is gone or stale, found by a scan of jobs_running_idx with a
-- primary-key probe of nodes per job; never the rescuer's own jobs. With :own_unheld only those,
-- whatever the heartbeat, if claimed before :stale_before and not among the jobs the node holds (:held,
-- a JSON array): a claim whose commit succeeded although its answer was lost, or what an earlier
-- process with a fixed node id left running. No ORDER BY: ordering by id would make the planner walk the
-- whole table in rowid order instead of the small partial index. The rescue itself is job_rescue,
-- per row, in the same transaction, because the appended error is built in Java.
SELECT id, attempt, max_attempts, attempted_by, attempted_at, cancel_requested_at, crashed_at
FROM jobs j
WHERE j.state = 'running'
  AND CASE WHEN :own_unheld THEN j.attempted_by = :rescued_by AND j.attempted_at < :stale_before
                                 AND j.id NOT IN (SELECT value FROM json_each(:held))
           ELSE j.attempted_by IS NOT :rescued_by
                AND NOT EXISTS (SELECT 1 FROM nodes n WHERE n.node_id = j.attempted_by AND n.heartbeat_at >= :stale_before)
      END
LIMIT :limit

-- name: job_rescue
-- One rescued job, fenced by its attempt. The fate, the crash times (:crashed_at, a JSON array of epoch
-- milliseconds already pruned to the window, or NULL) and the attempt given back for a counted crash
-- (:refund, 0 or 1) are decided in Java from the candidate row, read in this same write transaction.
UPDATE jobs
SET state          = :state,
    scheduled_at   = CASE WHEN :state = 'retryable' THEN :now + :retry_in_ms ELSE scheduled_at END,
    finished_at    = CASE WHEN :state IN ('discarded', 'cancelled') THEN :now END,
    max_attempts   = max_attempts + :refund,
    crashed_at     = :crashed_at,
    quarantined_at = CASE WHEN :state = 'held' THEN :now ELSE quarantined_at END,
    error_category = 'transient',
    errors         = CASE WHEN NOT json_valid(errors) THEN json_array(json(:error))
                          WHEN json_type(errors) <> 'array' THEN json_array(json(:error))
                          ELSE json_insert(errors, '$[#]', json(:error)) END
WHERE id = :id AND attempt = :attempt AND state = 'running'
RETURNING *

-- name: job_prune
-- The first term is jobs_prune_idx's predicate word for word, so the planner can use that index; the
-- range on finished_at is the looser of the two cut-offs and the CASE applies the right one per row.
-- Jobs of an open batch stay (its tally and its waiting steps read them).
DELETE FROM jobs
WHERE id IN (SELECT id
             FROM jobs j
             WHERE state IN ('completed', 'discarded', 'cancelled')
               AND finished_at < max(:completed_before, :failed_before)
               AND finished_at < CASE state WHEN 'completed' THEN :completed_before ELSE :failed_before END
               AND (j.batch_id IS NULL
                    OR NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = j.batch_id AND b.finished_at IS NULL))
             LIMIT :limit)

-- name: job_get
SELECT * FROM jobs WHERE id = :id

-- name: job_list
-- Keyset paging newest first: a backward walk of the rowid from :before_id (coalesce keeps it a rowid
-- range even when unset), filtering as it goes. :states is a JSON array of state names, '[]' for all.
-- The search is instr, not LIKE, so the operator's text needs no escaping. lower() folds ASCII only.
SELECT *
FROM jobs
WHERE id < coalesce(:before_id, 9223372036854775807)
  AND id > coalesce(:after_id, 0)
  AND (:states = '[]' OR state IN (SELECT value FROM json_each(:states)))
  AND (:queue IS NULL OR queue = :queue)
  AND (:kind IS NULL OR kind = :kind)
  AND (:tag IS NULL OR EXISTS (SELECT 1 FROM json_each(jobs.tags) WHERE value = :tag))
  AND (:created_from IS NULL OR created_at >= :created_from)
  AND (:created_to IS NULL OR created_at < :created_to)
  AND (:search IS NULL OR instr(lower(args), lower(:search)) > 0)
ORDER BY id DESC
LIMIT :limit

-- name: job_list_oldest
-- job_list oldest first: a forward walk of the rowid from :after_id. A CASE in one ORDER BY would
-- lose the rowid order (a sort of every match), hence two statements.
SELECT *
FROM jobs
WHERE id > coalesce(:after_id, 0)
  AND id < coalesce(:before_id, 9223372036854775807)
  AND (:states = '[]' OR state IN (SELECT value FROM json_each(:states)))
  AND (:queue IS NULL OR queue = :queue)
  AND (:kind IS NULL OR kind = :kind)
  AND (:tag IS NULL OR EXISTS (SELECT 1 FROM json_each(jobs.tags) WHERE value = :tag))
  AND (:created_from IS NULL OR created_at >= :created_from)
  AND (:created_to IS NULL OR created_at < :created_to)
  AND (:search IS NULL OR instr(lower(args), lower(:search)) > 0)
ORDER BY id
LIMIT :limit

-- name: job_list_next
-- Waiting jobs in the order they become due, (scheduled_at, id), one keyset page past the cursor and
-- no further than :until. The states are written out so SQLite can use the partial jobs_staging_idx,
-- whose entries are (scheduled_at, rowid): exactly this order, so no sort, and the row value and the
-- bound are its range. coalesce keeps them a range when unset. Filters as in job_list.
SELECT *
FROM jobs
WHERE state IN ('scheduled', 'retryable')
  AND (scheduled_at, id) > (coalesce(:cursor_at, -9223372036854775808), coalesce(:cursor_id, 0))
  AND scheduled_at <= coalesce(:until, 9223372036854775807)
  AND state IN (SELECT value FROM json_each(:states))
  AND (:queue IS NULL OR queue = :queue)
  AND (:kind IS NULL OR kind = :kind)
  AND (:tag IS NULL OR EXISTS (SELECT 1 FROM json_each(jobs.tags) WHERE value = :tag))
  AND (:created_from IS NULL OR created_at >= :created_from)
  AND (:created_to IS NULL OR created_at < :created_to)
  AND (:search IS NULL OR instr(lower(args), lower(:search)) > 0)
ORDER BY scheduled_at, id
LIMIT :limit

-- name: job_list_finished
-- Finished jobs latest first, (finished_at DESC, id DESC): jobs_prune_idx walked backwards, planned as
-- job_list_next. A NULL finished_at (never written: every transition into these states sets it) fails
-- the comparisons, so it is never listed where no cursor could pass it.
SELECT *
FROM jobs
WHERE state IN ('completed', 'discarded', 'cancelled')
  AND (finished_at, id) < (coalesce(:cursor_at, 9223372036854775807), coalesce(:cursor_id, 0))
  AND finished_at >= coalesce(:until, -9223372036854775808)
  AND state IN (SELECT value FROM json_each(:states))
  AND (:queue IS NULL OR queue = :queue)
  AND (:kind IS NULL OR kind = :kind)
  AND (:tag IS NULL OR EXISTS (SELECT 1 FROM json_each(jobs.tags) WHERE value = :tag))
  AND (:created_from IS NULL OR created_at >= :created_from)
  AND (:created_to IS NULL OR created_at < :created_to)
  AND (:search IS NULL OR instr(lower(args), lower(:search)) > 0)
ORDER BY finished_at DESC, id DESC
LIMIT :limit

-- name: job_list_next_reach
-- The scheduled time of the :rows-th waiting job from the cursor's instant on: how far a bounded page
-- of job_list_next reads. The index alone answers. A cursor past all of its instant (:past_instant)
-- counts from beyond it, or a page going on from there would find the same reach again. OFFSET here
-- measures a bound; pages never use it.
SELECT scheduled_at AS reach
FROM jobs
WHERE state IN ('scheduled', 'retryable')
  AND scheduled_at >= coalesce(:cursor_at, -9223372036854775808)
  AND (NOT :past_instant OR scheduled_at > :cursor_at)
ORDER BY scheduled_at
LIMIT 1 OFFSET :rows - 1

-- name: job_list_finished_reach
-- job_list_next_reach for job_list_finished: the finished time :rows jobs back along jobs_prune_idx.
SELECT finished_at AS reach
FROM jobs
WHERE state IN ('completed', 'discarded', 'cancelled')
  AND finished_at <= coalesce(:cursor_at, 9223372036854775807)
  AND (NOT :past_instant OR finished_at < :cursor_at)
ORDER BY finished_at DESC
LIMIT 1 OFFSET :rows - 1

-- name: job_list_quarantined
-- job_list for quarantined jobs only, in either order (:oldest). The predicate is written out, not
-- behind a parameter, so SQLite can use the partial jobs_quarantined_idx and read just the few
-- quarantined rows (sorted here) instead of walking every row when there are none: the
-- jobQuarantined() alert asks every alert interval.
SELECT *
FROM jobs
WHERE quarantined_at IS NOT NULL AND state = 'held'
  AND id > coalesce(:after_id, 0)
  AND id < coalesce(:before_id, 9223372036854775807)
  AND (:states = '[]' OR state IN (SELECT value FROM json_each(:states)))
  AND (:queue IS NULL OR queue = :queue)
  AND (:kind IS NULL OR kind = :kind)
  AND (:tag IS NULL OR EXISTS (SELECT 1 FROM json_each(jobs.tags) WHERE value = :tag))
  AND (:created_from IS NULL OR created_at >= :created_from)
  AND (:created_to IS NULL OR created_at < :created_to)
  AND (:search IS NULL OR instr(lower(args), lower(:search)) > 0)
ORDER BY CASE WHEN :oldest THEN id ELSE -id END
LIMIT :limit

-- name: job_cancel
-- A waiting job is cancelled; a running one keeps running with the request recorded, for its node to
-- read (node_control). The first request's time and reason stay.
UPDATE jobs
SET state               = CASE WHEN state = 'running' THEN state ELSE 'cancelled' END,
    finished_at         = CASE WHEN state = 'running' THEN finished_at ELSE :now END,
    cancel_requested_at = coalesce(cancel_requested_at, :now),
    cancel_reason       = coalesce(cancel_reason, :reason)
WHERE id = :id AND state IN ('scheduled', 'available', 'retryable', 'held', 'running')
RETURNING *

-- name: job_progress_many
-- :batch is a JSON array of rows [id, attempt, percent, message]; fenced like a completion.
UPDATE jobs
SET progress_percent = u.percent, progress_message = u.message
FROM (SELECT value ->> 0 AS id, value ->> 1 AS attempt, value ->> 2 AS percent, value ->> 3 AS message
      FROM json_each(:batch)) AS u
WHERE jobs.id = u.id AND jobs.attempt = u.attempt AND +jobs.state = 'running'

-- name: job_retry
-- A start or job deadline that has passed is lifted (the operator asks for a run the deadline would
-- refuse); one still ahead stays. A workflow step still waiting for its upstream jobs
-- (:awaiting_upstream) is left to its workflow.
UPDATE jobs
SET state               = 'available',
    scheduled_at        = :now,
    finished_at         = NULL,
    max_attempts        = max(max_attempts, attempt + 1),
    cancel_requested_at = NULL,
    cancel_reason       = NULL,
    start_by            = CASE WHEN start_by <= :now THEN NULL ELSE start_by END,
    deadline_at         = CASE WHEN deadline_at <= :now THEN NULL ELSE deadline_at END,
    crashed_at          = NULL,
    quarantined_at      = NULL
WHERE id = :id AND state IN ('held', 'discarded', 'cancelled', 'scheduled', 'retryable')
  AND NOT (state = 'scheduled' AND scheduled_at = :awaiting_upstream)
RETURNING *

-- name: job_discard
-- An operator gives up on a waiting job; a workflow step still waiting for its upstream jobs (its
-- scheduled_at is 9999-12-31, :awaiting_upstream) is left to its workflow. The error has the JSON
-- shape of dev.stevedore.AttemptError, appended as job_expire does.
UPDATE jobs
SET state          = 'discarded',
    finished_at    = :now,
    error_category = 'permanent',
    errors         = CASE WHEN NOT json_valid(jobs.errors) THEN json_array(json(e.error))
                          WHEN json_type(jobs.errors) <> 'array' THEN json_array(json(e.error))
                          ELSE json_insert(jobs.errors, '$[#]', json(e.error)) END
FROM (SELECT json_object(
             'attempt', attempt,
             'at', strftime('%Y-%m-%dT%H:%M:%fZ', :now / 1000.0, 'unixepoch'),
             'node', :by,
             'errorClass', 'dev.stevedore.OperatorDiscard',
             'message', :reason,
             'stack', '', 'category', 'PERMANENT', 'duration', 'PT0S') AS error
      FROM jobs WHERE id = :id) AS e
WHERE jobs.id = :id AND jobs.state IN ('scheduled', 'available', 'retryable', 'held')
  AND NOT (jobs.state = 'scheduled' AND jobs.scheduled_at = :awaiting_upstream)
RETURNING *

-- name: job_delete
-- A finished job now, as job_prune would later, with the same exception for jobs of an open batch.
DELETE FROM jobs
WHERE id = :id AND state IN ('completed', 'discarded', 'cancelled')
  AND (batch_id IS NULL
       OR NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = jobs.batch_id AND b.finished_at IS NULL))

-- name: job_unique_holder
-- The other job holding job :id's unique key in one of its unique states.
SELECT h.id, h.state
FROM jobs AS j
JOIN jobs AS h ON h.unique_key = j.unique_key AND h.id <> j.id
              AND instr(h.unique_states, ',' || h.state || ',') > 0
WHERE j.id = :id

-- ---- jobs: time limits (start and job deadlines) ------------------------------------------------

-- name: job_expire
-- The leader's sweep: waiting jobs past a deadline, discarded in one statement. Each arm's innermost
-- WHERE repeats its partial index's predicate word for word (jobs_start_by_idx, jobs_deadline_idx), so
-- each is an in-order search of a small index that stops at the first future time. A job past both
-- deadlines is the first arm's: the second leaves out what the first would take. A start deadline is
-- inclusive (a start at that very moment is in time), a job deadline is not. The error has the
-- JSON shape of dev.stevedore.AttemptError (ISO-8601 instant and duration strings); for a job that
-- never started, scheduled_at is still its first due time, so start_by - scheduled_at is its
-- startWithin. Appending replaces an errors value that is not a JSON array, as job_complete_many does.
UPDATE jobs
SET state          = 'discarded',
    finished_at    = :now,
    error_category = 'timeout',
    errors         = CASE WHEN NOT json_valid(jobs.errors) THEN json_array(json(e.error))
                          WHEN json_type(jobs.errors) <> 'array' THEN json_array(json(e.error))
                          ELSE json_insert(jobs.errors, '$[#]', json(e.error)) END
FROM (SELECT id, json_object(
             'attempt', attempt,
             'at', strftime('%Y-%m-%dT%H:%M:%fZ', :now / 1000.0, 'unixepoch'),
             'node', :expired_by,
             'errorClass', 'dev.stevedore.StartDeadline',
             'message', 'not started within startWithin PT'
                        || iif((start_by - scheduled_at) % 1000 = 0, (start_by - scheduled_at) / 1000,
                               (start_by - scheduled_at) / 1000.0)
                        || 'S of becoming due (start deadline '
                        || strftime('%Y-%m-%dT%H:%M:%fZ', start_by / 1000.0, 'unixepoch')
                        || '); discarded by ' || :expired_by || ' without running',
             'stack', '', 'category', 'TIMEOUT', 'duration', 'PT0S') AS error
      FROM (SELECT id, attempt, start_by, scheduled_at
            FROM jobs
            WHERE start_by IS NOT NULL AND attempt = 0 AND state IN ('scheduled', 'available') AND start_by < :now
            ORDER BY start_by
            LIMIT :limit)
      UNION ALL
      SELECT id, json_object(
             'attempt', attempt,
             'at', strftime('%Y-%m-%dT%H:%M:%fZ', :now / 1000.0, 'unixepoch'),
             'node', :expired_by,
             'errorClass', 'dev.stevedore.JobDeadline',
             'message', 'job deadline ' || strftime('%Y-%m-%dT%H:%M:%fZ', deadline_at / 1000.0, 'unixepoch')
                        || ' passed while the job was ' || state || '; discarded by ' || :expired_by,
             'stack', '', 'category', 'TIMEOUT', 'duration', 'PT0S')
      FROM (SELECT id, attempt, deadline_at, state
            FROM jobs
            WHERE deadline_at IS NOT NULL AND state IN ('scheduled', 'available', 'retryable') AND deadline_at <= :now
              AND (attempt > 0 OR start_by IS NULL OR start_by >= :now)
            ORDER BY deadline_at
            LIMIT :limit)) AS e
WHERE jobs.id = e.id
RETURNING *

-- ---- cron -----------------------------------------------------------------------------------------

-- name: cron_declare
-- A new schedule starts at :last_tick. A redeclared one records what the code declares and puts it in
-- force unless an operator's edit is; when that changes the definition in force, it restarts at
-- :last_tick. See the PostgreSQL statement of the same name.
INSERT INTO cron_schedules (name, expression, zone, declared_expression, declared_zone, last_tick_at, updated_at)
VALUES (:name, :expression, :zone, :expression, :zone, :last_tick, :now)
ON CONFLICT (name) DO UPDATE
SET declared_expression = excluded.declared_expression,
    declared_zone       = excluded.declared_zone,
    expression          = CASE WHEN cron_schedules.edited_at IS NULL THEN excluded.expression
                               ELSE cron_schedules.expression END,
    zone                = CASE WHEN cron_schedules.edited_at IS NULL THEN excluded.zone ELSE cron_schedules.zone END,
    last_tick_at        = CASE WHEN cron_schedules.edited_at IS NULL
                                AND (cron_schedules.expression IS NOT excluded.expression
                                     OR cron_schedules.zone IS NOT excluded.zone)
                               THEN max(cron_schedules.last_tick_at, excluded.last_tick_at)
                               ELSE cron_schedules.last_tick_at END,
    updated_at          = excluded.updated_at

-- name: cron_list
SELECT c.*, j.state AS last_job_state
FROM cron_schedules AS c
LEFT JOIN jobs AS j ON j.id = c.last_job_id
ORDER BY c.name

-- name: cron_record
-- The latest tick only moves forward (SQLite's two-argument max is the larger value).
UPDATE cron_schedules
SET last_tick_at = max(last_tick_at, :tick),
    last_job_id  = coalesce(:job_id, last_job_id),
    next_tick_at = :next,
    updated_at   = :now
WHERE name = :name

-- ---- cron control: runtime edits, pauses, run outcomes, queued runs ----------------------------------
-- The same statements as the PostgreSQL store's, with :now for the clock; see the comments there.

-- name: cron_run_track
INSERT INTO cron_runs (job_id, name, tick_at) VALUES (:job_id, :name, :tick)

-- name: cron_update
UPDATE cron_schedules
SET last_tick_at = CASE WHEN expression IS NOT :expression OR zone IS NOT :zone
                        THEN max(last_tick_at, :now) ELSE last_tick_at END,
    expression   = :expression,
    zone         = :zone,
    edited_at    = CASE WHEN :operator THEN :now END,
    next_tick_at = :next,
    updated_at   = :now
WHERE name = :name

-- name: cron_disable
UPDATE cron_schedules
SET disabled_at     = coalesce(disabled_at, :now),
    disabled_reason = CASE WHEN disabled_at IS NULL THEN :reason ELSE disabled_reason END,
    queued_tick_at  = NULL,
    updated_at      = :now
WHERE name = :name

-- name: cron_enable
UPDATE cron_schedules
SET last_tick_at         = CASE WHEN disabled_at IS NULL THEN last_tick_at ELSE max(last_tick_at, :now) END,
    disabled_at          = NULL,
    disabled_reason      = NULL,
    consecutive_failures = 0,
    updated_at           = :now
WHERE name = :name

-- name: cron_queue
UPDATE cron_schedules
SET queued_tick_at = coalesce(queued_tick_at, :tick),
    last_tick_at   = max(last_tick_at, :tick),
    next_tick_at   = :next,
    updated_at     = :now
WHERE name = :name
RETURNING queued_tick_at = :tick AS queued

-- name: cron_enqueued
UPDATE cron_schedules
SET last_job_id    = coalesce(:job_id, last_job_id),
    queued_tick_at = CASE WHEN queued_tick_at = :queued_tick THEN NULL ELSE queued_tick_at END,
    updated_at     = :now
WHERE name = :name

-- name: cron_run_list
SELECT r.name, r.job_id, r.tick_at, j.state, j.finished_at
FROM cron_runs AS r
LEFT JOIN jobs AS j ON j.id = r.job_id
ORDER BY r.job_id

-- name: cron_settle_forget
DELETE FROM cron_runs WHERE job_id = :job_id

-- name: cron_settle_count
UPDATE cron_schedules
SET consecutive_failures = CASE :outcome WHEN 'discarded' THEN consecutive_failures + 1
                                         WHEN 'completed' THEN 0 ELSE consecutive_failures END,
    last_outcome         = coalesce(:outcome, last_outcome),
    last_outcome_job_id  = CASE WHEN :outcome IS NULL THEN last_outcome_job_id ELSE :job_id END,
    last_outcome_at      = CASE WHEN :outcome IS NULL THEN last_outcome_at ELSE coalesce(:finished_at, :now) END,
    updated_at           = :now
WHERE name = :name
RETURNING consecutive_failures, disabled_at IS NULL AS enabled

-- ---- fan-outs ----------------------------------------------------------------------------------------
-- Run inside BEGIN IMMEDIATE: no other writer can move a run between reading and advancing it.

-- name: fan_out_create
INSERT INTO fan_outs (name, run, started_at, updated_at) VALUES (:name, :run, :now, :now)
ON CONFLICT (name, run) DO NOTHING

-- name: fan_out_get
SELECT * FROM fan_outs WHERE name = :name AND run = :run

-- name: fan_out_lock
SELECT * FROM fan_outs WHERE name = :name AND run = :run AND position = :position AND finished_at IS NULL

-- name: fan_out_advance
UPDATE fan_outs
SET cursor      = :cursor,
    position    = :next_position,
    enqueued    = enqueued + :inserted,
    finished_at = CASE WHEN :cursor IS NULL THEN :now END,
    updated_at  = :now
WHERE name = :name AND run = :run
RETURNING *

-- ---- queues ---------------------------------------------------------------------------------------

-- name: queue_counts
-- Unfinished jobs per queue and state, exactly, each state read through the partial index holding only
-- its rows (018_counts for held, 019_waiting_counts for scheduled and retryable), each an index-only
-- scan in the order of its GROUP BY, so they cost what those jobs number, not what the table holds. The
-- last row is the span of ids in the table (two probes of the rowid tree): how many rows it holds at
-- most, which sizes the finished estimate (queue_counts_finished). Available jobs, the one state that
-- may number millions, are counted a queue at a time: the queues come from a loose scan of
-- jobs_claim_idx (one probe per queue), and each count steps through its queue's range without
-- decoding the queue of every entry, as a GROUP BY must (75 ms against 103 ms for 1.8 million).
WITH RECURSIVE available_queues(queue) AS (
    SELECT min(queue) FROM jobs WHERE state = 'available'
    UNION ALL
    SELECT (SELECT min(j.queue) FROM jobs j WHERE j.state = 'available' AND j.queue > a.queue)
    FROM available_queues a
    WHERE a.queue IS NOT NULL
)
SELECT a.queue, 'available' AS state,
       (SELECT count(*) FROM jobs j WHERE j.state = 'available' AND j.queue = a.queue) AS n
FROM available_queues a
WHERE a.queue IS NOT NULL
UNION ALL
SELECT queue, 'running', count(*) FROM jobs WHERE state = 'running' GROUP BY queue
UNION ALL
SELECT queue, state, count(*) FROM jobs WHERE state IN ('scheduled', 'retryable') GROUP BY queue, state
UNION ALL
SELECT queue, 'held', count(*) FROM jobs WHERE state = 'held' GROUP BY queue
UNION ALL
SELECT NULL, 'span', coalesce((SELECT max(id) FROM jobs) - (SELECT min(id) FROM jobs) + 1, 0)

-- name: queue_counts_finished
-- Finished jobs per queue and state among the newest :sample finished ones, read backwards along the
-- rowid (NOT INDEXED: walking the prune index would visit every finished row before sorting them). If
-- fewer than :sample come back, these are all of them, counted; else the caller scales them to the table.
SELECT queue, state, count(*) AS n
FROM (SELECT queue, state FROM jobs NOT INDEXED
      WHERE state IN ('completed', 'discarded', 'cancelled') ORDER BY id DESC LIMIT :sample)
GROUP BY queue, state

-- name: queue_oldest_ready
-- When the queue's longest-waiting ready job became due: the older of its oldest available job and its
-- oldest due scheduled or retryable job not staged yet (normally none: the stager moves them within a
-- second, but with no leader they wait there). Available: a loose index scan of jobs_claim_idx (queue,
-- priority DESC, scheduled_at, id): the recursive part walks the queue's distinct priorities, one
-- LIMIT 1 probe each, and the next part reads the head of each priority's range, which is that
-- priority's oldest due job. So the cost is one index probe per priority in use, never a read of every
-- ready job. Due: the range of jobs_staging_idx up to now, what the stager would take next (all queues;
-- the queue is a filter: its unary + keeps the planner off jobs_waiting_counts_idx, which would read
-- every waiting job of the queue, due or not). SqliteHealthPlanTest checks the plan. min() of two values is null if either
-- is, hence the coalesce.
WITH RECURSIVE priorities(priority) AS (
    SELECT (SELECT priority FROM jobs
            WHERE queue = :queue AND state = 'available' ORDER BY priority DESC LIMIT 1)
    UNION ALL
    SELECT (SELECT j.priority FROM jobs j
            WHERE j.queue = :queue AND j.state = 'available' AND j.priority < p.priority
            ORDER BY j.priority DESC LIMIT 1)
    FROM priorities p
    WHERE p.priority IS NOT NULL
), available AS (
    SELECT min((SELECT j.scheduled_at FROM jobs j
                WHERE j.queue = :queue AND j.state = 'available' AND j.priority = p.priority
                ORDER BY j.priority DESC, j.scheduled_at LIMIT 1)) AS at
    FROM priorities p
    WHERE p.priority IS NOT NULL
), due AS (
    SELECT min(scheduled_at) AS at
    FROM jobs
    WHERE state IN ('scheduled', 'retryable') AND scheduled_at <= :now AND +queue = :queue
)
SELECT min(coalesce(available.at, due.at), coalesce(due.at, available.at)) AS oldest_ready_at FROM available, due

-- name: queue_stuck
-- Running jobs only, through jobs_running_idx (concurrency bounds them, whatever the table holds),
-- with a primary-key probe of nodes per job. A job counts once: orphaned when its node is gone or
-- silent, else overdue when it passed its attempt timeout by more than the grace.
SELECT coalesce(sum(n.node_id IS NULL), 0) AS orphaned,
       coalesce(sum(n.node_id IS NOT NULL AND j.timeout_ms IS NOT NULL
                    AND j.attempted_at < :now - j.timeout_ms - :grace_ms), 0) AS overdue
FROM jobs j
LEFT JOIN nodes n ON n.node_id = j.attempted_by AND n.heartbeat_at >= :now - :node_timeout_ms
WHERE j.state = 'running' AND j.queue = :queue

-- name: queue_sample_record
-- :batch rows are [queue, at ms, ready, running]; a second leader's sample of the same instant
-- replaces the first.
INSERT INTO queue_samples (queue, at, ready, running)
SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(:batch) WHERE true
ON CONFLICT (queue, at) DO UPDATE SET ready = excluded.ready, running = excluded.running

-- name: queue_sample_list
-- One queue: a range of the primary key; every queue: a range of queue_samples_at_idx.
SELECT queue, at, ready, running
FROM queue_samples
WHERE at >= :since AND (:queue IS NULL OR queue = :queue)
ORDER BY at, queue

-- name: queue_sample_prune
DELETE FROM queue_samples WHERE at < :before

-- name: queue_pause
-- Changes a row only when the queue was not paused (a paused queue keeps its first pause time): the
-- caller reads the change count to tell whether this call paused it.
INSERT INTO queues (name, paused_at, updated_at)
VALUES (:queue, :now, :now)
ON CONFLICT (name) DO UPDATE SET paused_at = excluded.paused_at, updated_at = :now WHERE queues.paused_at IS NULL

-- name: queue_resume
UPDATE queues SET paused_at = NULL, updated_at = :now WHERE name = :queue AND paused_at IS NOT NULL

-- name: queue_paused_list
SELECT name, paused_at FROM queues WHERE paused_at IS NOT NULL ORDER BY name

-- name: queue_clear
UPDATE jobs
SET state = 'cancelled', finished_at = :now, cancel_requested_at = :now, cancel_reason = :reason
WHERE queue = :queue AND state IN ('scheduled', 'available', 'retryable', 'held')

-- name: node_control
-- Every paused queue and the cancel requests for the node's running jobs, in one read; the second
-- arm's WHERE is jobs_cancel_requested_idx's predicate word for word, so it reads that tiny index.
SELECT 'paused' AS kind, name AS queue, paused_at AS at, NULL AS id, NULL AS attempt
FROM queues
WHERE paused_at IS NOT NULL
UNION ALL
SELECT 'cancel', queue, cancel_requested_at, id, attempt
FROM jobs
WHERE attempted_by = :node AND state = 'running' AND cancel_requested_at IS NOT NULL

-- ---- flow control: limits and circuit breakers -----------------------------------------------------
-- Admissions run in one write transaction (BEGIN IMMEDIATE), which already excludes every other writer
-- of the file: no key locks are needed. Statements are per key; they run in-process.

-- name: claim_holders
-- A limited claim's count of the running jobs holding each of :keys (a JSON array of key strings, here
-- and below: one statement per claim, not per key), outside the claim's own batch (:ids). It runs in the
-- claim's write transaction, which SQLite runs alone: no other claim commits between the claim and this
-- read. A job's first key is looked up in jobs_limit_key_idx; its further keys, in the running jobs
-- that have several (jobs_limit_keys_more_idx). Each WHERE repeats its index's expression and implies
-- its predicate, which is what lets SQLite use them. When the claiming node counts its own jobs
-- (:own_counted 1, see HeldKeys), only other nodes' rows count here.
SELECT key, count(*) AS n
FROM (SELECT limit_keys ->> 0 AS key
      FROM jobs
      WHERE state = 'running' AND limit_keys IS NOT NULL
        AND limit_keys ->> 0 IN (SELECT value FROM json_each(:keys))
        AND id NOT IN (SELECT value FROM json_each(:ids))
        AND (:own_counted = 0 OR attempted_by IS NOT :node)
      UNION ALL
      SELECT k.value
      FROM jobs AS j, json_each(j.limit_keys) AS k
      WHERE j.state = 'running' AND json_array_length(j.limit_keys) > 1 AND k.key > 0
        AND k.value IN (SELECT value FROM json_each(:keys))
        AND j.id NOT IN (SELECT value FROM json_each(:ids))
        AND (:own_counted = 0 OR j.attempted_by IS NOT :node))
GROUP BY key

-- name: claim_settle
-- A limited claim's decision: :batch rows are [id, rekey 0/1, keys as a JSON array text, retry_at or
-- null]. Refused jobs (a retry_at) go back to scheduled at that time without using an attempt
-- (max_attempts + 1, as a refunded completion does); jobs whose stored keys differ from what the
-- claiming node computed get its keys (an empty array is stored as NULL). Each row finds its job by rowid.
UPDATE jobs
SET limit_keys   = CASE WHEN u.value ->> 1 THEN nullif(u.value ->> 2, '[]') ELSE limit_keys END,
    state        = CASE WHEN u.value ->> 3 IS NULL THEN state ELSE 'scheduled' END,
    scheduled_at = coalesce(u.value ->> 3, scheduled_at),
    max_attempts = CASE WHEN u.value ->> 3 IS NULL THEN max_attempts ELSE max_attempts + 1 END
FROM json_each(:batch) AS u
WHERE jobs.id = u.value ->> 0
RETURNING *

-- name: flow_slots
SELECT key, slot, starts FROM limit_slots WHERE key IN (SELECT value FROM json_each(:keys))

-- name: flow_blocked
SELECT key, blocked_until FROM limit_blocks WHERE key IN (SELECT value FROM json_each(:keys)) AND blocked_until > :now

-- name: flow_waiting
-- The line of each first-in-first-out key outside this admission (:ids): its oldest unfinished refused job.
SELECT w.key, min(w.job_id) AS job_id FROM limit_waits AS w
JOIN jobs AS j ON j.id = w.job_id AND j.state NOT IN ('completed', 'discarded', 'cancelled')
WHERE w.key IN (SELECT value FROM json_each(:keys)) AND w.job_id NOT IN (SELECT value FROM json_each(:ids))
GROUP BY w.key

-- name: flow_wait
-- :batch rows are [key, job id].
INSERT INTO limit_waits (key, job_id)
SELECT value ->> 0, value ->> 1 FROM json_each(:batch) WHERE true
ON CONFLICT (key, job_id) DO NOTHING

-- name: flow_served
-- Row-value IN, so each place is found through the primary key: a correlated EXISTS over json_each
-- scanned the whole table and the batch once per row.
DELETE FROM limit_waits
WHERE (key, job_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(:batch))

-- name: flow_sweep_waits
DELETE FROM limit_waits
WHERE NOT EXISTS (SELECT 1 FROM jobs AS j
                  WHERE j.id = limit_waits.job_id AND j.state NOT IN ('completed', 'discarded', 'cancelled'))

-- name: flow_add_starts
-- :batch rows are [key, slot, starts, expires_at].
INSERT INTO limit_slots (key, slot, starts, expires_at)
SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(:batch) WHERE true
ON CONFLICT (key, slot) DO UPDATE SET starts = starts + excluded.starts, expires_at = excluded.expires_at

-- name: flow_drop_slots
-- :batch rows are [key, oldest slot still counted].
-- The key test first, so only the batch's keys are searched, through the primary key (see flow_served).
DELETE FROM limit_slots
WHERE key IN (SELECT value ->> 0 FROM json_each(:batch))
  AND slot < (SELECT f.value ->> 1 FROM json_each(:batch) AS f WHERE f.value ->> 0 = limit_slots.key)

-- name: limit_block
INSERT INTO limit_blocks (key, blocked_until)
SELECT value, :until FROM json_each(:keys) WHERE true
ON CONFLICT (key) DO UPDATE SET blocked_until = max(blocked_until, excluded.blocked_until)

-- name: flow_sweep_slots
DELETE FROM limit_slots WHERE expires_at < :now

-- name: flow_sweep_blocks
DELETE FROM limit_blocks WHERE blocked_until < :now

-- name: flow_sweep_breaker_slots
DELETE FROM breaker_slots WHERE expires_at < :now

-- name: breaker_ensure
INSERT INTO breakers (name, since) VALUES (:name, :now) ON CONFLICT (name) DO NOTHING

-- name: breaker_get
SELECT name, status, since, open_until, reason, probe_job_id, probe_attempt FROM breakers WHERE name = :name

-- name: breaker_add
INSERT INTO breaker_slots (name, slot, successes, failures, expires_at)
VALUES (:name, :slot, :successes, :failures, :expires)
ON CONFLICT (name, slot) DO UPDATE
SET successes = successes + excluded.successes, failures = failures + excluded.failures

-- name: breaker_drop_slots
DELETE FROM breaker_slots WHERE name = :name AND slot < :oldest

-- name: breaker_window
SELECT coalesce(sum(successes), 0) AS successes, coalesce(sum(failures), 0) AS failures
FROM breaker_slots WHERE name = :name AND slot >= :oldest

-- name: breaker_set
UPDATE breakers
SET status = :status, since = :since, open_until = :open_until, reason = :reason,
    probe_job_id = NULL, probe_attempt = NULL
WHERE name = :name

-- name: breaker_clear_window
DELETE FROM breaker_slots WHERE name = :name

-- name: breaker_probe
UPDATE breakers
SET status = 'half_open', since = :now, probe_job_id = :job_id, probe_attempt = :attempt,
    reason = 'cool-down over; job ' || :job_id || ' probes'
WHERE name = :name
  AND ((status = 'open' AND open_until <= :now)
       OR (status = 'half_open'
           AND NOT EXISTS (SELECT 1 FROM jobs AS j
                           WHERE j.id = breakers.probe_job_id AND j.attempt = breakers.probe_attempt
                             AND j.state = 'running')))

-- name: breaker_list
SELECT name, status, since, open_until, reason FROM breakers ORDER BY name

-- ---- nodes and leadership ---------------------------------------------------------------------------

-- name: node_heartbeat
-- started_at is left out of the update: it records the first beat.
INSERT INTO nodes (node_id, host, pid, queues, running, started_at, heartbeat_at, heap_used, heap_max, rss,
                   oldest_job_id, oldest_job_since, queue_settings)
VALUES (:node_id, :host, :pid, :queues, :running, :now, :now, :heap_used, :heap_max, :rss, :oldest_job_id,
        :oldest_job_since, :queue_settings)
ON CONFLICT (node_id) DO UPDATE
SET host = excluded.host, pid = excluded.pid, queues = excluded.queues, running = excluded.running,
    heartbeat_at = excluded.heartbeat_at, heap_used = excluded.heap_used, heap_max = excluded.heap_max,
    rss = excluded.rss, oldest_job_id = excluded.oldest_job_id, oldest_job_since = excluded.oldest_job_since,
    queue_settings = excluded.queue_settings

-- name: node_remove
DELETE FROM nodes WHERE node_id = :node_id

-- name: node_list
SELECT * FROM nodes ORDER BY node_id

-- name: leader_elect
-- The conflict arm only overwrites a lease that is ours or has run out (a lease is valid while
-- now < expires_at, as leader_get reads it); otherwise nothing changes, no row comes back and the
-- caller is not the leader.
INSERT INTO leader (name, node_id, expires_at)
VALUES ('leader', :node_id, :now + :ttl_ms)
ON CONFLICT (name) DO UPDATE
SET node_id = excluded.node_id, expires_at = excluded.expires_at
WHERE leader.node_id = excluded.node_id OR leader.expires_at <= :now
RETURNING node_id

-- name: leader_resign
DELETE FROM leader WHERE name = 'leader' AND node_id = :node_id

-- name: leader_get
SELECT node_id FROM leader WHERE name = 'leader' AND expires_at > :now

-- ---- migrations -------------------------------------------------------------------------------------

-- name: migrate_create_versions
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
)

-- name: migrate_versions_exist
SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'

-- name: migrate_applied
SELECT coalesce(max(version), 0) FROM schema_migrations

-- name: migrate_record
INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :now)

-- name: migrate_forget
DELETE FROM schema_migrations WHERE version = :version

-- name: migrate_drop_versions
DROP TABLE schema_migrations

-- ---- batches and workflows ------------------------------------------------------------------------
-- See the PostgreSQL queries of the same names. Every write runs inside BEGIN IMMEDIATE, so there is
-- nothing to lock: a completion, a sweep and an insert never interleave. Id lists travel as one JSON
-- array parameter (:ids), rows as a JSON array of arrays. :waiting is Job.AWAITING_UPSTREAM in epoch
-- milliseconds.

-- name: batch_insert
INSERT INTO batches (parent_id, description, metadata, callbacks, created_at)
VALUES (:parent_id, :description, :metadata, :callbacks, :now)
RETURNING id

-- name: batch_is_finished
SELECT finished_at IS NOT NULL AS finished FROM batches WHERE id = :id

-- name: batch_dep_insert
-- :rows is [[job id, upstream id, on_failure], ...].
INSERT INTO job_deps (job_id, upstream_id, on_failure)
SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(:rows)

-- name: batch_dep_final
-- The edges whose upstream, one of :ids, is final or was deleted, with what it ended as.
SELECT d.job_id, d.upstream_id, d.on_failure, coalesce(u.state, 'deleted') AS upstream_state
FROM job_deps d
LEFT JOIN jobs u ON u.id = d.upstream_id
WHERE d.upstream_id IN (SELECT value FROM json_each(:ids))
  AND (u.id IS NULL OR u.state IN ('completed', 'discarded', 'cancelled'))

-- name: batch_dep_delete
-- :rows is [[job id, upstream id], ...]: the edges batch_dep_final found.
DELETE FROM job_deps
WHERE (job_id, upstream_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(:rows))

-- name: batch_dep_cancel
-- :rows is [[job id, reason], ...].
UPDATE jobs
SET state = 'cancelled', finished_at = :now, cancel_requested_at = :now, cancel_reason = u.reason
FROM (SELECT value ->> 0 AS id, value ->> 1 AS reason FROM json_each(:rows)) AS u
WHERE jobs.id = u.id AND jobs.state = 'scheduled' AND jobs.scheduled_at = :waiting
RETURNING jobs.id

-- name: batch_dep_forget
DELETE FROM job_deps WHERE job_id IN (SELECT value FROM json_each(:ids))

-- name: batch_dep_release
UPDATE jobs
SET state = 'available', scheduled_at = :now
WHERE id IN (SELECT value FROM json_each(:ids)) AND state = 'scheduled' AND scheduled_at = :waiting
  AND NOT EXISTS (SELECT 1 FROM job_deps d WHERE d.job_id = jobs.id)
RETURNING id, queue

-- name: batch_of_final_jobs
SELECT DISTINCT batch_id
FROM jobs
WHERE id IN (SELECT value FROM json_each(:ids)) AND batch_id IS NOT NULL
  AND state IN ('completed', 'discarded', 'cancelled')

-- name: batch_ready
-- The batches among :ids with nothing left to wait for.
SELECT id FROM batches_ready WHERE id IN (SELECT value FROM json_each(:ids))

-- name: batch_finish
-- Finishes one ready batch with its tally. One batch per statement: a literal batch_id is what lets
-- SQLite push the filter into both arms of batch_units (a range of jobs_batch_idx); a list of ids
-- would make it read every batch job. The callbacks are inserted next, from batch_callbacks_due.
UPDATE batches
SET finished_at = :now, total = t.total, completed = t.completed, failed = t.failed, cancelled = t.cancelled
FROM (SELECT count(*) AS total,
             count(*) FILTER (WHERE outcome = 'completed') AS completed,
             count(*) FILTER (WHERE outcome = 'failed') AS failed,
             count(*) FILTER (WHERE outcome = 'cancelled') AS cancelled
      FROM batch_units
      WHERE batch_id = :id) AS t
WHERE batches.id = :id AND batches.finished_at IS NULL
RETURNING batches.id, batches.parent_id, batches.failed + batches.cancelled = 0 AS succeeded

-- name: batch_callbacks_due
-- The callbacks of a batch that just finished with :outcome ('success' or 'failure'), as job_insert
-- rows; the metadata gains the batch id and the event.
SELECT value ->> 'kind' AS kind, value ->> 'queue' AS queue, value ->> 'args' AS args,
       value ->> 'priority' AS priority, value ->> 'maxAttempts' AS max_attempts,
       value ->> 'timeoutMs' AS timeout_ms, value -> 'tags' AS tags,
       json_set(value -> 'metadata', '$."stevedore.batch"', CAST(b.id AS TEXT),
                '$."stevedore.batch.event"', value ->> 'event') AS metadata
FROM batches b, json_each(b.callbacks)
WHERE b.id = :id AND value ->> 'event' IN ('complete', :outcome)

-- name: batch_sweep_edges
SELECT DISTINCT d.upstream_id
FROM job_deps d
LEFT JOIN jobs u ON u.id = d.upstream_id
WHERE u.id IS NULL OR u.state IN ('completed', 'discarded', 'cancelled')
LIMIT :limit

-- name: batch_sweep_ready
SELECT id FROM batches_ready LIMIT :limit

-- name: batch_get
-- A finished batch reads its tally, and so does a running one that keeps a tally (tallied_at is set,
-- see the PostgreSQL migration 021_batch_tallies); any other running one counts its units now, in one
-- read of jobs_batch_idx. total is null exactly for the latter. The count sits under a CASE, which
-- SQLite evaluates only when its condition holds, in a MATERIALIZED CTE, so that it is computed once
-- per batch rather than once per column that reads it: a batch read from its row never reads
-- jobs_batch_idx. (A join of the counts counted them whatever the row held: on a tallied batch of 1.4
-- million jobs, 29.4 million VM steps against 28.) The count names :id, not b.id: SQLite pushes a
-- constant into both arms of batch_units (a range of jobs_batch_idx for this batch), but a correlated
-- b.id only filters the view's rows, which then reads every batched job in the table.
WITH b AS MATERIALIZED (
    SELECT b.*, CASE WHEN b.total IS NULL THEN
               (SELECT json_array(count(*), count(*) FILTER (WHERE outcome = 'completed'),
                                  count(*) FILTER (WHERE outcome = 'failed'), count(*) FILTER (WHERE outcome = 'cancelled'))
                FROM batch_units u WHERE u.batch_id = :id) END AS live
    FROM batches b
    WHERE b.id = :id
)
SELECT id, parent_id, description, metadata, created_at, finished_at, tallied_at,
       coalesce(total, live ->> 0) AS total, coalesce(completed, live ->> 1) AS completed,
       coalesce(failed, live ->> 2) AS failed, coalesce(cancelled, live ->> 3) AS cancelled
FROM b

-- name: batch_list
-- batch_get for a page of batches, newest first, along the rowid (or batches_parent_idx for the
-- children of one): a finished batch, or a running one that keeps a tally, never counts its units.
WITH b AS MATERIALIZED (
    SELECT b.*, CASE WHEN b.total IS NULL THEN
               (SELECT json_array(count(*), count(*) FILTER (WHERE outcome = 'completed'),
                                  count(*) FILTER (WHERE outcome = 'failed'), count(*) FILTER (WHERE outcome = 'cancelled'))
                FROM batch_units u WHERE u.batch_id = b.id) END AS live
    FROM batches b
    WHERE (:parent_id IS NULL OR b.parent_id = :parent_id)
      AND b.id < coalesce(:before_id, 9223372036854775807)
    ORDER BY b.id DESC
    LIMIT :limit
)
SELECT id, parent_id, description, metadata, created_at, finished_at, tallied_at,
       coalesce(total, live ->> 0) AS total, coalesce(completed, live ->> 1) AS completed,
       coalesce(failed, live ->> 2) AS failed, coalesce(cancelled, live ->> 3) AS cancelled
FROM b
ORDER BY id DESC

-- name: batch_tally_count
-- One batch's counts, for batchTallyRefresh: read on the connection beside the store's (Db.readAside),
-- since counting a large batch takes a while and writers would wait for all of it; batch_tally_keep
-- then writes them.
SELECT :id AS id, count(*) AS total,
       count(*) FILTER (WHERE outcome = 'completed') AS completed,
       count(*) FILTER (WHERE outcome = 'failed') AS failed,
       count(*) FILTER (WHERE outcome = 'cancelled') AS cancelled
FROM batch_units
WHERE batch_id = :id

-- name: batch_tally_keep
-- Counts of a running batch taken at :counted_at (by a read, or batch_tally_count), kept as its tally
-- (BatchTallies). They were read before this write's lock, so the row says whether they still may be:
-- a batch finished meanwhile keeps its final tally, and a tally taken later than these stays.
UPDATE batches
SET total = :total, completed = :completed, failed = :failed, cancelled = :cancelled, tallied_at = :counted_at
WHERE id = :id AND finished_at IS NULL AND (tallied_at IS NULL OR tallied_at < :counted_at)
RETURNING tallied_at

-- name: batch_tally_stale
-- Running batches whose tally was taken at :before or earlier, oldest first (batches_open_idx).
SELECT id
FROM batches
WHERE finished_at IS NULL AND tallied_at <= :before
ORDER BY tallied_at
LIMIT :limit

-- name: batch_job_list
-- A batch's jobs in id order, through jobs_batch_idx (batch_id, state), sorted.
SELECT *
FROM jobs
WHERE batch_id = :batch_id
  AND id > coalesce(:after_id, 0)
ORDER BY id
LIMIT :limit

-- name: batch_callback_list
SELECT callbacks FROM batches WHERE id = :id

-- name: batch_prune
DELETE FROM batches
WHERE id IN (SELECT b.id
             FROM batches b
             WHERE b.finished_at < :failed_before
               AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_id = b.id)
               AND NOT EXISTS (SELECT 1 FROM batches p WHERE p.id = b.parent_id AND p.finished_at IS NULL)
             LIMIT :limit)

-- name: stats_record
-- :batch rows are [start ms, queue, kind, completed, failed, retried, discarded, timed_out, cancelled,
-- runs, run_total_ms, run_max_ms, starts, wait_total_ms, wait_max_ms], added to buckets :width_s wide
-- (a node's minutes, or the roll-up's hours): one statement per batch.
INSERT INTO stats (start, width_s, queue, kind, completed, failed, retried, discarded, timed_out, cancelled, runs,
                   run_total_ms, run_max_ms, starts, wait_total_ms, wait_max_ms)
SELECT value ->> 0, :width_s, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7,
       value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12, value ->> 13, value ->> 14
FROM json_each(:batch) WHERE true
ON CONFLICT (width_s, start, queue, kind) DO UPDATE SET
    completed = completed + excluded.completed, failed = failed + excluded.failed,
    retried = retried + excluded.retried, discarded = discarded + excluded.discarded,
    timed_out = timed_out + excluded.timed_out, cancelled = cancelled + excluded.cancelled,
    runs = runs + excluded.runs, run_total_ms = run_total_ms + excluded.run_total_ms,
    run_max_ms = max(run_max_ms, excluded.run_max_ms), starts = starts + excluded.starts,
    wait_total_ms = wait_total_ms + excluded.wait_total_ms, wait_max_ms = max(wait_max_ms, excluded.wait_max_ms)

-- name: stats_list
SELECT start, width_s, queue, kind, completed, failed, retried, discarded, timed_out, cancelled, runs,
       run_total_ms, run_max_ms, starts, wait_total_ms, wait_max_ms
FROM stats
WHERE start >= :from AND start < :to AND (:queue IS NULL OR queue = :queue) AND (:kind IS NULL OR kind = :kind)
ORDER BY start, width_s, queue, kind

-- name: stats_roll_up_take
-- The minute rows a roll-up moves into hours; stats_drop_old deletes them in the same write transaction.
SELECT start, width_s, queue, kind, completed, failed, retried, discarded, timed_out, cancelled, runs,
       run_total_ms, run_max_ms, starts, wait_total_ms, wait_max_ms
FROM stats WHERE width_s = 60 AND start < :minutes_before

-- name: stats_drop_old
DELETE FROM stats WHERE (width_s = 60 AND start < :minutes_before) OR (width_s = 3600 AND start < :hours_before)
-- ---- failures and issues ---------------------------------------------------------------------------

-- name: failure_insert
-- Bound once per failure of the batch on one prepared statement, inside the batch's write transaction.
INSERT INTO failures (issue_id, job_id, kind, queue, args, error_class, message, stack, category, retryable,
                      attempt, node, duration_ms, at, tags, metadata)
VALUES (:issue_id, :job_id, :kind, :queue, :args, :error_class, :message, :stack, :category, :retryable,
        :attempt, :node, :duration_ms, :at, :tags, :metadata)

-- name: issue_get
SELECT * FROM issues WHERE id = :id

-- name: issue_upsert
-- The caller read the row and merged queues and samples under the write lock (BEGIN IMMEDIATE: no other
-- writer in between), so the values bound here are final. A resolved issue that fails again reopens as a
-- regression; an ignored one only counts.
INSERT INTO issues (id, kind, error_class, message, stack, status, count, first_seen, last_seen, queues,
                    sample_job_ids)
VALUES (:id, :kind, :error_class, :message, :stack, 'open', :count, :first_seen, :last_seen, :queues, :samples)
ON CONFLICT (id) DO UPDATE SET
    count          = issues.count + excluded.count,
    first_seen     = min(issues.first_seen, excluded.first_seen),
    last_seen      = max(issues.last_seen, excluded.last_seen),
    message        = CASE WHEN excluded.last_seen >= issues.last_seen THEN excluded.message ELSE issues.message END,
    stack          = CASE WHEN excluded.last_seen >= issues.last_seen THEN excluded.stack ELSE issues.stack END,
    queues         = excluded.queues,
    sample_job_ids = excluded.sample_job_ids,
    status         = CASE WHEN issues.status = 'resolved' THEN 'open' ELSE issues.status END,
    regressed_at   = CASE WHEN issues.status = 'resolved' THEN excluded.last_seen ELSE issues.regressed_at END

-- name: failure_list
-- Keyset paging newest first: a backward walk of the rowid from :before_id (see job_list).
SELECT *
FROM failures
WHERE id < coalesce(:before_id, 9223372036854775807)
  AND (:from IS NULL OR at >= :from)
  AND (:to IS NULL OR at < :to)
  AND (:queue IS NULL OR queue = :queue)
  AND (:kind IS NULL OR kind = :kind)
  AND (:category IS NULL OR category = :category)
  AND (:issue IS NULL OR issue_id = :issue)
ORDER BY id DESC
LIMIT :limit

-- name: failure_counts
-- The window's failures through failures_at_idx, filtered by queue: the window bounds the cost.
SELECT category, count(*) AS failures, count(DISTINCT issue_id) AS issues
FROM failures
WHERE at >= :since AND queue = :queue
GROUP BY category
ORDER BY failures DESC, category

-- name: failure_buckets
-- Failures of a page of issues (:issue_ids, a JSON array) since :since, per bucket of :width_ms.
SELECT issue_id, (at - :since) / :width_ms AS bucket, count(*) AS failures
FROM failures
WHERE issue_id IN (SELECT value FROM json_each(:issue_ids)) AND at >= :since
GROUP BY 1, 2

-- name: failure_list_job
-- failure_list for one job, through failures_job_idx (an OR on the job would walk every failure).
SELECT *
FROM failures
WHERE job_id = :job_id
  AND id < coalesce(:before_id, 9223372036854775807)
  AND (:from IS NULL OR at >= :from)
  AND (:to IS NULL OR at < :to)
  AND (:queue IS NULL OR queue = :queue)
  AND (:kind IS NULL OR kind = :kind)
  AND (:category IS NULL OR category = :category)
  AND (:issue IS NULL OR issue_id = :issue)
ORDER BY id DESC
LIMIT :limit

-- name: failure_prune
DELETE FROM failures
WHERE id IN (SELECT id FROM failures WHERE at < :before ORDER BY at LIMIT :limit)

-- name: issue_list
-- Keyset paging on (last_seen, id) descending, served by issues_last_seen_idx.
SELECT *
FROM issues
WHERE (:before_last_seen IS NULL OR (last_seen, id) < (:before_last_seen, :before_id))
  AND (:status IS NULL OR status = :status)
  AND (:kind IS NULL OR kind = :kind)
ORDER BY last_seen DESC, id DESC
LIMIT :limit

-- name: issue_set_status
UPDATE issues SET status = :status WHERE id = :id RETURNING *

-- name: issue_regressed_list
-- Exactly issues_regressed_idx's predicate and order: a read of that small index alone.
SELECT * FROM issues
WHERE status = 'open' AND regressed_at IS NOT NULL
ORDER BY regressed_at DESC
LIMIT :limit

-- ---- alerts ---------------------------------------------------------------------------------------------

-- name: alert_fire
-- Inserts the alert active unless the rule and subject resolved within the cool-down (alerts_resolved_idx)
-- or already have an active alert (alerts_active_idx, unique). Returns the row only when it fired.
INSERT INTO alerts (rule, subject, message, fired_at)
SELECT :rule, :subject, :message, :now
WHERE NOT EXISTS (SELECT 1 FROM alerts
                  WHERE rule = :rule AND subject = :subject AND resolved_at IS NOT NULL
                    AND resolved_at > :now - :cool_down_ms)
ON CONFLICT (rule, subject) WHERE resolved_at IS NULL DO NOTHING
RETURNING *

-- name: alert_resolve
UPDATE alerts SET resolved_at = :now
WHERE rule = :rule AND subject = :subject AND resolved_at IS NULL
RETURNING *

-- name: alert_list
-- Newest first by a backward walk of the rowid (a small table: history is pruned).
SELECT * FROM alerts
WHERE id < coalesce(:before_id, 9223372036854775807)
  AND (:active = 0 OR resolved_at IS NULL)
  AND (:rule IS NULL OR rule = :rule)
ORDER BY id DESC
LIMIT :limit

-- name: alert_prune
-- The oldest resolutions first through alerts_prune_idx; active alerts are not in that index.
DELETE FROM alerts
WHERE id IN (SELECT id FROM alerts
             WHERE resolved_at IS NOT NULL AND resolved_at < :before
             ORDER BY resolved_at LIMIT :limit)

-- ---- health reads for alert rules ------------------------------------------------------------------------

-- name: queue_ready_list
-- The oldest available job of each queue without counting them: a loose index scan of jobs_claim_idx
-- (queue, priority DESC, scheduled_at, id). Each step jumps to the head of the next (queue, priority)
-- group with one index probe: the same queue's next lower priority if it has one, else the next queue
-- (coalesce evaluates its second probe only when the first finds nothing). A group's head is its
-- earliest scheduled_at, so a queue's oldest is the least of its groups' heads.
WITH RECURSIVE heads(id, queue, priority, scheduled_at) AS (
    SELECT id, queue, priority, scheduled_at FROM (
        SELECT id, queue, priority, scheduled_at FROM jobs
        WHERE state = 'available'
        ORDER BY queue, priority DESC, scheduled_at, id LIMIT 1)
    UNION ALL
    SELECT n.id, n.queue, n.priority, n.scheduled_at
    FROM heads h
    JOIN jobs n ON n.id = coalesce(
        (SELECT j.id FROM jobs j
         WHERE j.state = 'available' AND j.queue = h.queue AND j.priority < h.priority
         ORDER BY j.queue, j.priority DESC, j.scheduled_at, j.id LIMIT 1),
        (SELECT j.id FROM jobs j
         WHERE j.state = 'available' AND j.queue > h.queue
         ORDER BY j.queue, j.priority DESC, j.scheduled_at, j.id LIMIT 1))
)
SELECT queue, min(scheduled_at) AS oldest_due_at FROM heads GROUP BY queue ORDER BY queue

-- name: job_running_longest
-- jobs_running_idx holds running jobs only (as many as all nodes' slots): this reads that set and sorts it.
SELECT * FROM jobs
WHERE state = 'running' AND attempted_at <= :now - :running_ms
ORDER BY attempted_at, id
LIMIT :limit

-- ---- audit log --------------------------------------------------------------------------------------

-- name: audit_record
INSERT INTO audit_log (at, actor, action, target, job_ids, outcome)
VALUES (:now, :actor, :action, :target, :job_ids, :outcome)

-- name: audit_list
-- Keyset paging newest first: a backward walk of the rowid from :before_id.
SELECT *
FROM audit_log
WHERE id < coalesce(:before_id, 9223372036854775807)
ORDER BY id DESC
LIMIT :limit

-- ---- step checkpoints ------------------------------------------------------------------------

-- name: step_get
SELECT result FROM job_steps WHERE job_id = :job_id AND name = :name

-- name: step_record
-- See the PostgreSQL query: the record commits with the step's work, fenced by the running attempt.
INSERT INTO job_steps (job_id, name, result, attempt, finished_at)
SELECT :job_id, :name, :result, :attempt, :now
WHERE EXISTS (SELECT 1 FROM jobs WHERE id = :job_id AND attempt = :attempt AND state = 'running')
ON CONFLICT DO NOTHING
