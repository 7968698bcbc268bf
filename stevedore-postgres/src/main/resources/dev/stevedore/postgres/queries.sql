-- Every statement of the PostgreSQL store. {schema} is the configured schema; :name are parameters.
-- Durations travel as bigint milliseconds and are added to the database clock here, never to the
-- JVM's: every node agrees on time because only PostgreSQL reads it.

-- ---- jobs: insert ---------------------------------------------------------------------------------

-- name: job_insert_many
-- Small batches: one statement, one round trip (its own transaction in auto-commit). Rows are
-- inserted in input order (ORDER BY ord) so the identity values grow with the input position; the
-- caller sorts the returned ids, which does not depend on RETURNING order. The pg_notify calls sit in
-- a CTE that the target list references through a scalar sub-select: an unreferenced SELECT CTE is
-- never executed, while a referenced one is, once (an InitPlan). One notification per queue, given
-- as :wake, never one per row. :batch_id is null but for the jobs of one batch (Store.batchInsert).
WITH input AS (
    SELECT *
    FROM unnest(:kinds::text[], :queues::text[], :args::text[], :priorities::int[], :max_attempts::int[],
                :states::text[], :run_at_us::bigint[], :delay_ms::bigint[], :timeout_ms::bigint[],
                :tags::text[], :metadata::text[], :start_within_ms::bigint[], :deadline_at_us::bigint[],
                :deadline_in_ms::bigint[], :heartbeat_timeout_ms::bigint[], :limit_keys::text[])
         WITH ORDINALITY AS u(kind, queue, args, priority, max_attempts, state, run_at_us, delay_ms,
                              timeout_ms, tags, metadata, start_within_ms, deadline_at_us, deadline_in_ms,
                              heartbeat_timeout_ms, limit_keys, ord)
), inserted AS (
    -- A job's concurrency keys travel as one JSON array text (NULL for none): an array of arrays must be
    -- rectangular, and most jobs have no key or one.
    INSERT INTO {schema}.jobs (kind, queue, args, priority, max_attempts, state, scheduled_at, timeout_ms,
                               tags, metadata, start_by, deadline_at, heartbeat_timeout_ms, batch_id, limit_keys)
    SELECT kind, queue, args::jsonb, priority, max_attempts, state, due.scheduled_at, timeout_ms, tags::jsonb,
           metadata::jsonb, due.scheduled_at + start_within_ms * interval '1 millisecond',
           coalesce(timestamptz 'epoch' + deadline_at_us * interval '1 microsecond',
                    now() + deadline_in_ms * interval '1 millisecond'),
           heartbeat_timeout_ms, :batch_id::bigint,
           CASE WHEN limit_keys IS NOT NULL THEN ARRAY(SELECT jsonb_array_elements_text(limit_keys::jsonb)) END
    FROM input
    CROSS JOIN LATERAL (SELECT coalesce(timestamptz 'epoch' + run_at_us * interval '1 microsecond',
                                        now() + delay_ms * interval '1 millisecond') AS scheduled_at) AS due
    ORDER BY ord
    RETURNING id
), woke AS (
    SELECT pg_notify(:channel, q) FROM unnest(:wake::text[]) AS q
)
SELECT id, (SELECT count(*) FROM woke) AS notified FROM inserted

-- name: job_insert_one
-- One job, the common case of enqueue: plain scalar parameters, which cost less to send and to parse
-- than eleven one-element arrays. Inside a caller's transaction the notification rides in the same
-- statement (the final SELECT evaluates pg_notify for the one inserted row when it is available);
-- an enqueue that commits alone passes a null :channel and is announced after its commit (InsertWaker).
-- start_by repeats the scheduled_at expression rather than reading it back: a VALUES row cannot
-- refer to its own columns, and a sub-select would cost this hottest of inserts a plan node.
WITH inserted AS (
    INSERT INTO {schema}.jobs (kind, queue, args, priority, max_attempts, state, scheduled_at, timeout_ms,
                               tags, metadata, start_by, deadline_at, heartbeat_timeout_ms, limit_keys)
    VALUES (:kind, :queue, :args::jsonb, :priority, :max_attempts, :state,
            coalesce(timestamptz 'epoch' + :run_at_us::bigint * interval '1 microsecond',
                     now() + :delay_ms::bigint * interval '1 millisecond'),
            :timeout_ms::bigint, :tags::jsonb, :metadata::jsonb,
            coalesce(timestamptz 'epoch' + :run_at_us::bigint * interval '1 microsecond',
                     now() + :delay_ms::bigint * interval '1 millisecond')
                + :start_within_ms::bigint * interval '1 millisecond',
            coalesce(timestamptz 'epoch' + :deadline_at_us::bigint * interval '1 microsecond',
                     now() + :deadline_in_ms::bigint * interval '1 millisecond'),
            :heartbeat_timeout_ms::bigint, :limit_keys::text[])
    RETURNING id, queue, state
)
SELECT id, queue, state,
       CASE WHEN state = 'available' AND :channel::text IS NOT NULL THEN pg_notify(:channel, queue) END AS notified
FROM inserted

-- name: job_insert_unique
-- One unique job. The stored key gets its period bucket here, from the row's scheduled_at on the
-- database clock, so every node buckets alike. ON CONFLICT DO NOTHING (no target: it applies to
-- jobs_unique_idx, a partial index) waits for a concurrent transaction inserting the same key and
-- then skips the row if that one committed. The final SELECT always returns the stored key, so the
-- caller can look up the job that refused this one; id is NULL then.
WITH keyed AS (
    SELECT s.scheduled_at,
           :unique_key::text || CASE WHEN :period_s::bigint IS NULL THEN ''
               ELSE ':' || floor(extract(epoch FROM s.scheduled_at) / :period_s::bigint)::bigint END AS unique_key
    FROM (SELECT coalesce(timestamptz 'epoch' + :run_at_us::bigint * interval '1 microsecond',
                          now() + :delay_ms::bigint * interval '1 millisecond') AS scheduled_at) AS s
), inserted AS (
    INSERT INTO {schema}.jobs (kind, queue, args, priority, max_attempts, state, scheduled_at, timeout_ms,
                               tags, metadata, unique_key, unique_states, start_by, deadline_at,
                               heartbeat_timeout_ms, limit_keys)
    SELECT :kind, :queue, :args::jsonb, :priority, :max_attempts, :state, keyed.scheduled_at,
           :timeout_ms::bigint, :tags::jsonb, :metadata::jsonb, keyed.unique_key, :unique_states,
           keyed.scheduled_at + :start_within_ms::bigint * interval '1 millisecond',
           coalesce(timestamptz 'epoch' + :deadline_at_us::bigint * interval '1 microsecond',
                    now() + :deadline_in_ms::bigint * interval '1 millisecond'),
           :heartbeat_timeout_ms::bigint, :limit_keys::text[]
    FROM keyed
    ON CONFLICT DO NOTHING
    RETURNING id, queue, state
)
SELECT keyed.unique_key, i.id, i.queue, i.state,
       CASE WHEN i.state = 'available' AND :channel::text IS NOT NULL THEN pg_notify(:channel, i.queue) END AS notified
FROM keyed LEFT JOIN inserted AS i ON true

-- name: job_find_unique
-- The job holding a stored unique key: the WHERE implies jobs_unique_idx's predicate.
SELECT id, state FROM {schema}.jobs
WHERE unique_key = :unique_key AND position(',' || state || ',' IN unique_states) > 0

-- name: job_reserve_ids
-- Large batches: ids are taken from the sequence up front so the COPY that follows can carry them.
-- The usual answer is one row saying "first_id to last_id", when no other session drew from the
-- sequence meanwhile; only when the range has gaps does the full list (ascending, which is the input
-- order) come back in ids. Measured: returning 10,000 rows per batch took a fifth of a bulk enqueue.
-- now() is the transaction's start time: the same value any later statement of this transaction
-- sees, so scheduled_at computed from it in Java equals what an INSERT would have computed.
SELECT min(id) AS first_id, max(id) AS last_id, count(*) AS n,
       CASE WHEN max(id) - min(id) + 1 = count(*) THEN NULL ELSE array_agg(id ORDER BY id) END AS ids,
       now() AS tx_now
FROM (SELECT nextval('{schema}.jobs_id_seq') AS id FROM generate_series(1, :n)) AS r

-- name: job_copy
-- {columns} is filled per batch by CopyRows from its fixed list of column names (never from input):
-- id, kind, queue and args always, the others only when some job of the batch differs from the default.
COPY {schema}.jobs ({columns}) FROM STDIN

-- name: queue_notify
SELECT pg_notify(:channel, q) FROM unnest(:queues::text[]) AS q

-- ---- jobs: claim and complete ----------------------------------------------------------------------

-- name: job_claim
-- The pick is a CTE, not "WHERE id IN (SELECT ... LIMIT)": a CTE carrying FOR UPDATE is never inlined
-- (PostgreSQL 12+ inlines only side-effect-free CTEs), so it runs exactly once and locks exactly the
-- rows it returns, while a sub-select may be planned as a join and yield more rows than LIMIT. Its
-- WHERE and ORDER BY match jobs_claim_idx column for column, so the plan is a partial-index range scan
-- in order that stops after :limit rows it could lock, with no sort; SKIP LOCKED makes concurrent
-- claimers step over each other's rows instead of queueing behind them. UPDATE ... RETURNING does not
-- promise the CTE's order: the caller sorts. The pause test refers to no column of jobs, so the
-- planner makes it a one-time filter (an InitPlan: one primary-key probe of the tiny queues table per
-- claim, before the index scan starts, and no scan at all when the queue is paused).
WITH picked AS (
    SELECT id
    FROM {schema}.jobs
    WHERE state = 'available' AND queue = :queue
      AND NOT EXISTS (SELECT 1 FROM {schema}.queues q WHERE q.name = :queue AND q.paused_at IS NOT NULL)
    ORDER BY priority DESC, scheduled_at, id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
UPDATE {schema}.jobs j
SET state = 'running', attempt = j.attempt + 1, attempted_at = now(), attempted_by = :node,
    progress_percent = NULL, progress_message = NULL
FROM picked
WHERE j.id = picked.id
RETURNING j.*

-- name: job_complete_many
-- One statement for the whole batch: the arrays are zipped by unnest into a row source u, and the jobs
-- are reached through "j.id = ANY (:ids)", a primary-key scan of exactly the batch's rows, whatever
-- the statistics say. The fence is the rest of the WHERE: same attempt and still running, so a late
-- completion of a rescued-and-reclaimed job matches no row. The running test is written as a join
-- clause ("OR u.id IS NULL", never true: ids are not null) on purpose. As a test on j alone, its
-- selectivity comes from statistics, and statistics taken when no job was running say one row: the
-- planner then scanned jobs for that one row and re-ran the whole unnest for each of the thousand
-- actually running (measured: 221 ms for 500 completions instead of 6; drains fell to 2,000 jobs/s
-- whenever an ANALYZE had run while nothing was running). A plain j.state = 'running' would also let
-- the planner prove jobs_running_idx's predicate and scan that whole index (live and dead entries).
-- The error is appended as a one-element array so a value that is itself an array is still appended
-- as one element. Jobs handed back as available wake their queue once per queue; the woke CTE runs
-- because the target list references it (see job_insert_many). A job with a cancel request that would
-- otherwise run again or wait for an operator (retryable, scheduled, available, held) ends cancelled
-- instead: the request may have been made after the node last looked. Output and progress arrays are
-- all nulls for jobs that recorded none, which keep the row's values.
WITH done AS (
    UPDATE {schema}.jobs j
    SET state          = CASE WHEN j.cancel_requested_at IS NOT NULL
                               AND u.state IN ('retryable', 'scheduled', 'available', 'held')
                              THEN 'cancelled' ELSE u.state END,
        scheduled_at   = CASE WHEN u.state IN ('retryable', 'scheduled', 'available') AND j.cancel_requested_at IS NULL
                              THEN now() + u.run_in_ms * interval '1 millisecond'
                              ELSE j.scheduled_at END,
        finished_at    = CASE WHEN u.state IN ('completed', 'discarded', 'cancelled')
                                OR j.cancel_requested_at IS NOT NULL THEN now() END,
        errors         = CASE WHEN u.error IS NULL THEN j.errors
                              ELSE j.errors || jsonb_build_array(u.error::jsonb) END,
        error_category = coalesce(u.category, j.error_category),
        max_attempts   = CASE WHEN u.refund THEN j.max_attempts + 1 ELSE j.max_attempts END,
        output         = coalesce(u.output::jsonb, j.output),
        progress_percent = coalesce(u.progress_percent, j.progress_percent),
        progress_message = CASE WHEN u.progress_percent IS NULL THEN j.progress_message ELSE u.progress_message END
    FROM unnest(:ids::bigint[], :attempts::int[], :states::text[], :run_in_ms::bigint[], :errors::text[],
                :categories::text[], :refund::bool[], :outputs::text[], :progress_percents::smallint[],
                :progress_messages::text[])
         AS u(id, attempt, state, run_in_ms, error, category, refund, output, progress_percent, progress_message)
    WHERE j.id = u.id AND j.id = ANY (:ids::bigint[]) AND j.attempt = u.attempt AND (j.state = 'running' OR u.id IS NULL)
    RETURNING j.id, j.queue, j.state
), woke AS (
    SELECT pg_notify(:channel, queue) FROM (SELECT DISTINCT queue FROM done WHERE state = 'available') AS q
)
SELECT id, (SELECT count(*) FROM woke) AS notified FROM done

-- ---- jobs: maintenance ---------------------------------------------------------------------------

-- name: job_stage
-- Due rows come from jobs_staging_idx in due order; SKIP LOCKED lets a stager run beside claims and
-- another stager without waiting. One output row, and so one pg_notify, per affected queue.
WITH due AS (
    SELECT id
    FROM {schema}.jobs
    WHERE state IN ('scheduled', 'retryable') AND scheduled_at <= now()
    ORDER BY scheduled_at
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
), staged AS (
    UPDATE {schema}.jobs j
    SET state = 'available'
    FROM due
    WHERE j.id = due.id
    RETURNING j.queue
)
SELECT queue, count(*) AS staged, pg_notify(:channel, queue) AS notified
FROM staged
GROUP BY queue

-- name: job_rescue
-- Orphans are running jobs (jobs_running_idx) whose node row is gone or stale; the anti-join probes the
-- nodes primary key per job. The rescuer's own jobs are never orphans of a silent node. With :own_unheld
-- only they are taken, whatever the heartbeat, if claimed before the time-out and not among the jobs
-- the node holds: a claim whose commit succeeded although its answer was lost, or what an earlier
-- process with a fixed node id left running. The appended error has the JSON shape of
-- dev.stevedore.AttemptError as StoreJson writes it: ISO-8601 instant and duration strings, the
-- category's enum name.
--
-- With :not_after_ms >= 0 (epoch milliseconds) the rescue takes nothing once now() is past it: a rescue that
-- reached the database late (it waited for a connection through an outage) must not judge heartbeats
-- the outage made stale.
--
-- With :max_crashes > 0 the rescue counts a crash on each job: its crash times within the window, this
-- one appended, are worked out in the lost CTE (the UPDATE's SET cannot see a lateral of its own
-- target), and the fate follows from them: held and quarantined at the limit, else retryable with the
-- attempt given back (max_attempts + 1), never discarded for attempts, so crashes and ordinary
-- failures keep separate budgets. With 0 the rescue counts nothing and uses up the attempt.
WITH lost AS (
    SELECT j.id, c.crashes,
           CASE WHEN j.cancel_requested_at IS NOT NULL THEN 'cancelled'
                WHEN :max_crashes > 0 AND cardinality(c.crashes) >= :max_crashes THEN 'held'
                WHEN :max_crashes > 0 OR j.attempt < j.max_attempts THEN 'retryable'
                ELSE 'discarded' END AS fate
    FROM {schema}.jobs j
    CROSS JOIN LATERAL (
        SELECT CASE WHEN :max_crashes > 0
                    THEN array(SELECT t FROM unnest(j.crashed_at) t
                               WHERE t > now() - :crash_window_ms * interval '1 millisecond' ORDER BY t) || now()
                    ELSE j.crashed_at END AS crashes) c
    WHERE j.state = 'running'
      AND (:not_after_ms < 0 OR now() <= to_timestamp(:not_after_ms / 1000.0))
      AND CASE WHEN :own_unheld THEN j.attempted_by = :rescued_by
                                     AND j.attempted_at < now() - :node_timeout_ms * interval '1 millisecond'
                                     AND NOT (j.id = ANY (:held::bigint[]))
               ELSE j.attempted_by IS DISTINCT FROM :rescued_by
                    AND NOT EXISTS (SELECT 1
                                    FROM {schema}.nodes n
                                    WHERE n.node_id = j.attempted_by
                                      AND n.heartbeat_at >= now() - :node_timeout_ms * interval '1 millisecond') END
    LIMIT :limit
    FOR UPDATE OF j SKIP LOCKED
)
UPDATE {schema}.jobs j
SET state          = lost.fate,
    scheduled_at   = CASE WHEN lost.fate = 'retryable' THEN now() + :retry_in_ms * interval '1 millisecond'
                          ELSE j.scheduled_at END,
    finished_at    = CASE WHEN lost.fate IN ('discarded', 'cancelled') THEN now() END,
    max_attempts   = j.max_attempts + CASE WHEN :max_crashes > 0 THEN 1 ELSE 0 END,
    crashed_at     = lost.crashes,
    quarantined_at = CASE WHEN lost.fate = 'held' THEN now() ELSE j.quarantined_at END,
    error_category = 'transient',
    errors         = j.errors || jsonb_build_array(jsonb_build_object(
        'attempt', j.attempt,
        'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'node', coalesce(j.attempted_by, ''),
        'errorClass', 'dev.stevedore.NodeLost',
        'message', CASE WHEN :own_unheld
                        THEN 'node ' || :rescued_by || ' does not hold this job although it is recorded as running '
                             || 'there (a claim whose answer was lost, or an earlier process with the same node id); '
                             || 'handed back'
                        ELSE 'node ' || coalesce(j.attempted_by, '(none)') || ' stopped heartbeating; rescued by '
                             || :rescued_by END
                   || CASE WHEN lost.fate = 'held'
                           THEN '; quarantined after crashing its worker ' || cardinality(lost.crashes) || ' time(s) within '
                                || :crash_window || ', held until an operator retries it'
                           WHEN :max_crashes > 0
                           THEN '; crash ' || cardinality(lost.crashes) || ' of ' || :max_crashes || ' within '
                                || :crash_window || ' before quarantine, attempt given back'
                           ELSE '' END,
        'stack', '',
        'category', 'TRANSIENT',
        'duration', 'PT' || greatest(extract(epoch FROM now() - coalesce(j.attempted_at, now())), 0)::numeric(20, 6)
                    || 'S'))
FROM lost
WHERE j.id = lost.id
RETURNING j.*

-- name: job_prune
-- Each arm of the OR implies the predicate of jobs_prune_idx, so the planner can answer it with a
-- bitmap OR of two range scans on that small index instead of scanning the table. Jobs of an open
-- batch stay (its tally and its waiting steps read them); that test probes batches by primary key
-- for batch jobs only.
WITH doomed AS (
    SELECT id
    FROM {schema}.jobs j
    WHERE ((state = 'completed' AND finished_at < now() - :completed_ms * interval '1 millisecond')
        OR (state IN ('discarded', 'cancelled') AND finished_at < now() - :failed_ms * interval '1 millisecond'))
      AND (j.batch_id IS NULL
           OR NOT EXISTS (SELECT 1 FROM {schema}.batches b WHERE b.id = j.batch_id AND b.finished_at IS NULL))
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
DELETE FROM {schema}.jobs j
USING doomed
WHERE j.id = doomed.id

-- ---- jobs: operator actions --------------------------------------------------------------------

-- name: job_get
SELECT * FROM {schema}.jobs WHERE id = :id

-- name: job_list
-- Keyset paging newest first: a backward scan of the primary key from :before_id, filtering as it
-- goes, stops after :limit matches. The "IS NULL OR" filters keep one statement for every filter
-- combination; they cost nothing in a custom plan and only a filter step in a generic one. The
-- search is strpos, not LIKE, so the operator's text needs no escaping: '%' and '_' are plain
-- characters. It reads jsonb's own text form ({"a": 1}, a space after each colon).
SELECT *
FROM {schema}.jobs
WHERE (cardinality(:states::text[]) = 0 OR state = ANY (:states::text[]))
  AND (:queue::text IS NULL OR queue = :queue::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
  AND (:tag::text IS NULL OR tags @> jsonb_build_array(:tag::text))
  AND (:created_from::timestamptz IS NULL OR created_at >= :created_from::timestamptz)
  AND (:created_to::timestamptz IS NULL OR created_at < :created_to::timestamptz)
  AND (:search::text IS NULL OR strpos(lower(args::text), lower(:search::text)) > 0)
  AND (:before_id::bigint IS NULL OR id < :before_id::bigint)
  AND (:after_id::bigint IS NULL OR id > :after_id::bigint)
ORDER BY id DESC
LIMIT :limit

-- name: job_list_oldest
-- job_list oldest first: the same filters over a forward scan of the primary key from :after_id. A
-- CASE in one ORDER BY would lose the index order (a sort of every match), hence two statements.
SELECT *
FROM {schema}.jobs
WHERE (cardinality(:states::text[]) = 0 OR state = ANY (:states::text[]))
  AND (:queue::text IS NULL OR queue = :queue::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
  AND (:tag::text IS NULL OR tags @> jsonb_build_array(:tag::text))
  AND (:created_from::timestamptz IS NULL OR created_at >= :created_from::timestamptz)
  AND (:created_to::timestamptz IS NULL OR created_at < :created_to::timestamptz)
  AND (:search::text IS NULL OR strpos(lower(args::text), lower(:search::text)) > 0)
  AND (:before_id::bigint IS NULL OR id < :before_id::bigint)
  AND (:after_id::bigint IS NULL OR id > :after_id::bigint)
ORDER BY id
LIMIT :limit

-- name: job_list_next
-- Waiting jobs in the order they become due, (scheduled_at, id), one keyset page past the cursor and
-- no further than :until. The states are written out so the planner can prove jobs_staging_idx
-- (scheduled_at, id) applies; the row comparison is its index condition, and the rows come in index
-- order, so a page stops after :limit matches with no sort, in a generic plan too (020_waiting_counts). coalesce, not "IS NULL OR", keeps both bounds
-- index conditions in a generic plan too. Filters as in job_list; a separate statement per order, for
-- the reason job_list_oldest gives.
SELECT *
FROM {schema}.jobs
WHERE state IN ('scheduled', 'retryable')
  AND state = ANY (:states::text[])
  AND (scheduled_at, id) > (coalesce(:cursor_at::timestamptz, '-infinity'), coalesce(:cursor_id::bigint, 0))
  AND scheduled_at <= coalesce(:until::timestamptz, 'infinity')
  AND (:queue::text IS NULL OR queue = :queue::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
  AND (:tag::text IS NULL OR tags @> jsonb_build_array(:tag::text))
  AND (:created_from::timestamptz IS NULL OR created_at >= :created_from::timestamptz)
  AND (:created_to::timestamptz IS NULL OR created_at < :created_to::timestamptz)
  AND (:search::text IS NULL OR strpos(lower(args::text), lower(:search::text)) > 0)
ORDER BY scheduled_at, id
LIMIT :limit

-- name: job_list_finished
-- Finished jobs latest first, (finished_at DESC, id DESC), over a backward scan of jobs_prune_idx
-- (finished_at), planned as job_list_next. A NULL finished_at (never written: every transition into
-- these states sets it) fails the comparisons, so it is never listed where no cursor could pass it.
SELECT *
FROM {schema}.jobs
WHERE state IN ('completed', 'discarded', 'cancelled')
  AND state = ANY (:states::text[])
  AND (finished_at, id) < (coalesce(:cursor_at::timestamptz, 'infinity'), coalesce(:cursor_id::bigint, 0))
  AND finished_at >= coalesce(:until::timestamptz, '-infinity')
  AND (:queue::text IS NULL OR queue = :queue::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
  AND (:tag::text IS NULL OR tags @> jsonb_build_array(:tag::text))
  AND (:created_from::timestamptz IS NULL OR created_at >= :created_from::timestamptz)
  AND (:created_to::timestamptz IS NULL OR created_at < :created_to::timestamptz)
  AND (:search::text IS NULL OR strpos(lower(args::text), lower(:search::text)) > 0)
ORDER BY finished_at DESC, id DESC
LIMIT :limit

-- name: job_list_next_reach
-- The scheduled time of the :rows-th waiting job from the cursor's instant on: how far a bounded page
-- of job_list_next reads. Only the time is read and compared (not the id that orders ties), so this is
-- an index-only scan of jobs_staging_idx that stops after :rows entries: about 10 ms for 100,000 of
-- them, where fetching each row for its id took five times that. A cursor past all of its instant
-- (:past_instant) counts from beyond it, or a page going on from there would find the same reach again.
-- OFFSET here measures a bound; pages never use it.
SELECT scheduled_at AS reach
FROM {schema}.jobs
WHERE state IN ('scheduled', 'retryable')
  AND scheduled_at >= coalesce(:cursor_at::timestamptz, '-infinity')
  AND (NOT :past_instant OR scheduled_at > :cursor_at::timestamptz)
ORDER BY scheduled_at
OFFSET :rows - 1
LIMIT 1

-- name: job_list_finished_reach
-- job_list_next_reach for job_list_finished: the finished time :rows jobs back along jobs_prune_idx.
SELECT finished_at AS reach
FROM {schema}.jobs
WHERE state IN ('completed', 'discarded', 'cancelled')
  AND finished_at <= coalesce(:cursor_at::timestamptz, 'infinity')
  AND (NOT :past_instant OR finished_at < :cursor_at::timestamptz)
ORDER BY finished_at DESC
OFFSET :rows - 1
LIMIT 1

-- name: job_list_quarantined
-- job_list for quarantined jobs only, in either order (:oldest). The predicate is written out, not
-- behind a parameter, so the planner can prove jobs_quarantined_idx applies and read just the few
-- quarantined rows (sorted here) instead of walking the whole primary key when there are none: the
-- jobQuarantined() alert asks every alert interval.
SELECT *
FROM {schema}.jobs
WHERE quarantined_at IS NOT NULL AND state = 'held'
  AND (cardinality(:states::text[]) = 0 OR state = ANY (:states::text[]))
  AND (:queue::text IS NULL OR queue = :queue::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
  AND (:tag::text IS NULL OR tags @> jsonb_build_array(:tag::text))
  AND (:created_from::timestamptz IS NULL OR created_at >= :created_from::timestamptz)
  AND (:created_to::timestamptz IS NULL OR created_at < :created_to::timestamptz)
  AND (:search::text IS NULL OR strpos(lower(args::text), lower(:search::text)) > 0)
  AND (:before_id::bigint IS NULL OR id < :before_id::bigint)
  AND (:after_id::bigint IS NULL OR id > :after_id::bigint)
ORDER BY CASE WHEN :oldest THEN id ELSE -id END
LIMIT :limit

-- name: job_cancel
-- A waiting job is cancelled; a running one keeps running with the request recorded, and every node
-- is told to read its cancel requests (:control). Under READ COMMITTED the state test is re-checked
-- after waiting for a concurrent claim's or completion's row lock, so the CASEs see the state the job
-- is really in. The first request's time and reason stay.
WITH cancelled AS (
    UPDATE {schema}.jobs
    SET state               = CASE WHEN state = 'running' THEN state ELSE 'cancelled' END,
        finished_at         = CASE WHEN state = 'running' THEN finished_at ELSE now() END,
        cancel_requested_at = coalesce(cancel_requested_at, now()),
        cancel_reason       = coalesce(cancel_reason, :reason)
    WHERE id = :id AND state IN ('scheduled', 'available', 'retryable', 'held', 'running')
    RETURNING *
), woke AS (
    SELECT pg_notify(:channel, :control) FROM cancelled WHERE state = 'running'
)
SELECT cancelled.*, (SELECT count(*) FROM woke) AS notified FROM cancelled

-- name: job_progress_many
-- The latest progress of many running jobs in one statement, fenced and planned like a completion
-- (see job_complete_many). Neither
-- progress column is indexed, so these updates are HOT when the page has room (fillfactor 90).
UPDATE {schema}.jobs j
SET progress_percent = u.percent, progress_message = u.message
FROM unnest(:ids::bigint[], :attempts::int[], :percents::smallint[], :messages::text[])
     AS u(id, attempt, percent, message)
WHERE j.id = u.id AND j.id = ANY (:ids::bigint[]) AND j.attempt = u.attempt AND (j.state = 'running' OR u.id IS NULL)

-- name: job_retry
-- The woke CTE is referenced by the final SELECT (a cross join with at most one row each way), which
-- is what makes PostgreSQL execute it. A start or job deadline that has passed is lifted (the
-- operator asks for a run the deadline would refuse); one still ahead stays. A workflow step still
-- waiting for its upstream jobs (scheduled at 9999-12-31) is left to its workflow: run now, it would
-- run before the steps it needs.
WITH retried AS (
    UPDATE {schema}.jobs
    SET state               = 'available',
        scheduled_at        = now(),
        finished_at         = NULL,
        max_attempts        = greatest(max_attempts, attempt + 1),
        cancel_requested_at = NULL,
        cancel_reason       = NULL,
        start_by            = CASE WHEN start_by <= now() THEN NULL ELSE start_by END,
        deadline_at         = CASE WHEN deadline_at <= now() THEN NULL ELSE deadline_at END,
        crashed_at          = '{}',
        quarantined_at      = NULL
    WHERE id = :id AND state IN ('held', 'discarded', 'cancelled', 'scheduled', 'retryable')
      AND NOT (state = 'scheduled' AND scheduled_at = '9999-12-31T00:00:00Z'::timestamptz)
    RETURNING *
), woke AS (
    SELECT pg_notify(:channel, queue) FROM retried
)
SELECT retried.* FROM retried, woke

-- name: job_discard
-- An operator gives up on a waiting job. A workflow step still waiting for its upstream jobs (its
-- scheduled_at is 9999-12-31) is left to its workflow. The appended error has the JSON shape of
-- dev.stevedore.AttemptError (see job_expire).
UPDATE {schema}.jobs j
SET state          = 'discarded',
    finished_at    = now(),
    error_category = 'permanent',
    errors         = j.errors || jsonb_build_array(jsonb_build_object(
        'attempt', j.attempt,
        'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'node', :by::text,
        'errorClass', 'dev.stevedore.OperatorDiscard',
        'message', :reason::text,
        'stack', '',
        'category', 'PERMANENT',
        'duration', 'PT0S'))
WHERE j.id = :id AND j.state IN ('scheduled', 'available', 'retryable', 'held')
  AND NOT (j.state = 'scheduled' AND j.scheduled_at = '9999-12-31T00:00:00Z'::timestamptz)
RETURNING j.*

-- name: job_delete
-- A finished job now, as job_prune would later, with the same exception for jobs of an open batch.
DELETE FROM {schema}.jobs j
WHERE j.id = :id AND j.state IN ('completed', 'discarded', 'cancelled')
  AND (j.batch_id IS NULL
       OR NOT EXISTS (SELECT 1 FROM {schema}.batches b WHERE b.id = j.batch_id AND b.finished_at IS NULL))

-- name: job_unique_holder
-- The other job holding job :id's unique key in one of its unique states.
SELECT h.id, h.state
FROM {schema}.jobs AS j
JOIN {schema}.jobs AS h ON h.unique_key = j.unique_key AND h.id <> j.id
                       AND position(',' || h.state || ',' IN h.unique_states) > 0
WHERE j.id = :id

-- ---- jobs: time limits (start and job deadlines) ------------------------------------------------

-- name: job_expire
-- The leader's sweep of waiting jobs past a deadline. Each pick's WHERE implies the predicate of its
-- partial index (jobs_start_by_idx, jobs_deadline_idx), which hold only waiting jobs that set the
-- limit, so both are short in-order range scans that stop at the first future time; SKIP LOCKED steps
-- over jobs a claim is taking. FOR UPDATE is not allowed under UNION, hence two locking CTEs joined
-- in the UPDATE's IN list; a job in both (locked twice by this statement, which is allowed) is
-- updated once. A start deadline is inclusive (a start at that very moment is in time), a job deadline
-- is not (nothing may start at it). A claim that locked a row first wins: the job runs and the runtime applies the
-- deadline at claim time. The appended error has the JSON shape of dev.stevedore.AttemptError (see
-- job_rescue); for a job that never started, scheduled_at is still its first due time, so start_by
-- minus scheduled_at is the startWithin it was enqueued with.
WITH not_started AS (
    SELECT id
    FROM {schema}.jobs
    WHERE start_by < now() AND start_by IS NOT NULL AND attempt = 0 AND state IN ('scheduled', 'available')
    ORDER BY start_by
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
), past_deadline AS (
    SELECT id
    FROM {schema}.jobs
    WHERE deadline_at <= now() AND deadline_at IS NOT NULL AND state IN ('scheduled', 'available', 'retryable')
    ORDER BY deadline_at
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
UPDATE {schema}.jobs j
SET state          = 'discarded',
    finished_at    = now(),
    error_category = 'timeout',
    errors         = j.errors || jsonb_build_array(jsonb_build_object(
        'attempt', j.attempt,
        'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'node', :expired_by,
        'errorClass', CASE WHEN j.attempt = 0 AND j.start_by < now() THEN 'dev.stevedore.StartDeadline'
                           ELSE 'dev.stevedore.JobDeadline' END,
        'message', CASE
            WHEN j.attempt = 0 AND j.start_by < now() THEN
                'not started within startWithin PT'
                || trim_scale(extract(epoch FROM j.start_by - j.scheduled_at)::numeric)
                || 'S of becoming due (start deadline '
                || to_char(j.start_by AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                || '); discarded by ' || :expired_by || ' without running'
            ELSE
                'job deadline ' || to_char(j.deadline_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                || ' passed while the job was ' || j.state || '; discarded by ' || :expired_by
            END,
        'stack', '',
        'category', 'TIMEOUT',
        'duration', 'PT0S'))
WHERE j.id IN (SELECT id FROM not_started UNION SELECT id FROM past_deadline)
RETURNING j.*

-- ---- queues ---------------------------------------------------------------------------------------

-- name: queue_counts
-- Unfinished jobs per queue and state, each state read through the index holding only its rows
-- (019_counts), so what waits, runs or is held is never a count of the finished rows beside it; and
-- each read stops after :cap rows, so a backlog of millions costs what :cap rows do. A state group whose
-- rows reach :cap is counted only in part (the caller estimates it). The last row is the table's size as
-- of its latest VACUUM or ANALYZE (reltuples, -1 if never analyzed): whether the finished states are
-- counted or estimated. Waiting jobs come from jobs_staging_idx alone, which carries their queue and
-- state (020_waiting_counts): an index-only scan, where reading each row cost a random heap fetch.
SELECT queue, 'available' AS state, count(*) AS n
FROM (SELECT queue FROM {schema}.jobs WHERE state = 'available' LIMIT :cap) AS available GROUP BY queue
UNION ALL
SELECT queue, 'running', count(*)
FROM (SELECT queue FROM {schema}.jobs WHERE state = 'running' LIMIT :cap) AS running GROUP BY queue
UNION ALL
SELECT queue, state, count(*)
FROM (SELECT queue, state FROM {schema}.jobs WHERE state IN ('scheduled', 'retryable') LIMIT :cap) AS waiting
GROUP BY queue, state
UNION ALL
SELECT queue, 'held', count(*)
FROM (SELECT queue FROM {schema}.jobs WHERE state = 'held' LIMIT :cap) AS held GROUP BY queue
UNION ALL
SELECT NULL, 'size', reltuples::bigint FROM pg_class WHERE oid = to_regclass(quote_ident(:schema_name) || '.jobs')

-- name: queue_counts_finished
-- Finished jobs per queue and state, exactly: a read of every finished row, for small tables.
SELECT queue, state, count(*) AS n FROM {schema}.jobs WHERE state IN ('completed', 'discarded', 'cancelled')
GROUP BY queue, state

-- name: queue_counts_estimate
-- Jobs per queue and state, estimated: the share of the table each (queue, state) pair held in
-- ANALYZE's sample (the jobs_queue_state statistics' most common pairs) times the table's size. A pair
-- too rare to be among the most common is left out (an estimate of about zero). No rows if the table
-- was never analyzed.
SELECT s.most_common_vals[i][array_position(s.attnames, 'queue')] AS queue,
       s.most_common_vals[i][array_position(s.attnames, 'state')] AS state,
       round(s.most_common_freqs[i] * c.reltuples)::bigint AS n
FROM pg_stats_ext AS s
JOIN pg_class AS c ON c.oid = to_regclass(quote_ident(:schema_name) || '.jobs')
CROSS JOIN LATERAL generate_subscripts(s.most_common_freqs, 1) AS i
WHERE s.statistics_schemaname = :schema_name AND s.statistics_name = 'jobs_queue_state'

-- name: queue_oldest_ready
-- When the queue's longest-waiting ready job became due: the older of its oldest available job and its
-- oldest due scheduled or retryable job not staged yet (normally none: the stager moves them within a
-- second, but with no leader they wait there). Available: a loose index scan of jobs_claim_idx (queue,
-- priority DESC, scheduled_at, id): the recursive part walks the queue's distinct priorities, one
-- LIMIT 1 probe each, and the next part reads the head of each priority's range, which is that
-- priority's oldest due job. So the cost is one index probe per priority in use, never a read of every
-- ready job: a backlog of millions costs what one of ten does. Due: the range of jobs_staging_idx up to
-- now, which is what the stager would take next (all queues; the queue is a filter). least() skips nulls.
WITH RECURSIVE priorities AS (
    SELECT (SELECT priority FROM {schema}.jobs
            WHERE queue = :queue AND state = 'available' ORDER BY priority DESC LIMIT 1) AS priority
    UNION ALL
    SELECT (SELECT j.priority FROM {schema}.jobs j
            WHERE j.queue = :queue AND j.state = 'available' AND j.priority < p.priority
            ORDER BY j.priority DESC LIMIT 1)
    FROM priorities p
    WHERE p.priority IS NOT NULL
), available AS (
    SELECT min((SELECT j.scheduled_at FROM {schema}.jobs j
                WHERE j.queue = :queue AND j.state = 'available' AND j.priority = p.priority
                ORDER BY j.priority DESC, j.scheduled_at LIMIT 1)) AS at
    FROM priorities p
    WHERE p.priority IS NOT NULL
), due AS (
    SELECT min(scheduled_at) AS at
    FROM {schema}.jobs
    WHERE state IN ('scheduled', 'retryable') AND scheduled_at <= now() AND queue = :queue
)
SELECT least(available.at, due.at) AS oldest_ready_at FROM available, due

-- name: queue_stuck
-- Running jobs only, through jobs_running_idx (a node's concurrency bounds them, whatever the table
-- holds), with the rescue's primary-key probe of nodes per job. A job counts once: orphaned when its
-- node is gone or silent, else overdue when it passed its attempt timeout by more than the grace.
SELECT count(*) FILTER (WHERE n.node_id IS NULL) AS orphaned,
       count(*) FILTER (WHERE n.node_id IS NOT NULL AND j.timeout_ms IS NOT NULL
                          AND j.attempted_at < now() - (j.timeout_ms + :grace_ms) * interval '1 millisecond') AS overdue
FROM {schema}.jobs j
LEFT JOIN {schema}.nodes n
       ON n.node_id = j.attempted_by AND n.heartbeat_at >= now() - :node_timeout_ms * interval '1 millisecond'
WHERE j.state = 'running' AND j.queue = :queue

-- name: queue_sample_record
-- One statement per sampling round; a second leader's sample of the same instant replaces the first.
INSERT INTO {schema}.queue_samples (queue, at, ready, running)
SELECT * FROM unnest(:queues::text[], :at::timestamptz[], :ready::bigint[], :running::bigint[])
ON CONFLICT (queue, at) DO UPDATE SET ready = excluded.ready, running = excluded.running

-- name: queue_sample_list
-- One queue: a range of the primary key; every queue: a range of queue_samples_at_idx.
SELECT queue, at, ready, running
FROM {schema}.queue_samples
WHERE at >= :since AND (CAST(:queue AS text) IS NULL OR queue = :queue)
ORDER BY at, queue

-- name: queue_sample_prune
DELETE FROM {schema}.queue_samples WHERE at < :before

-- ---- cron -----------------------------------------------------------------------------------------

-- name: cron_declare
-- A new schedule starts at :last_tick (the declaration time: no catch-up for ticks from before it
-- existed). A redeclared one records what the code declares, and puts it in force unless an
-- operator's edit is (edited_at); when that changes the definition in force, it restarts at
-- :last_tick. The SET expressions read the row's old values, so the CASEs compare old with new.
INSERT INTO {schema}.cron_schedules AS c (name, expression, zone, declared_expression, declared_zone, last_tick_at)
VALUES (:name, :expression, :zone, :expression, :zone, :last_tick)
ON CONFLICT (name) DO UPDATE
SET declared_expression = excluded.declared_expression,
    declared_zone       = excluded.declared_zone,
    expression          = CASE WHEN c.edited_at IS NULL THEN excluded.expression ELSE c.expression END,
    zone                = CASE WHEN c.edited_at IS NULL THEN excluded.zone ELSE c.zone END,
    last_tick_at        = CASE WHEN c.edited_at IS NULL
                                AND (c.expression, c.zone) IS DISTINCT FROM (excluded.expression, excluded.zone)
                               THEN greatest(c.last_tick_at, excluded.last_tick_at) ELSE c.last_tick_at END,
    updated_at          = now()

-- name: cron_list
SELECT c.*, j.state AS last_job_state
FROM {schema}.cron_schedules AS c
LEFT JOIN {schema}.jobs AS j ON j.id = c.last_job_id
ORDER BY c.name

-- name: cron_record
-- The latest tick only moves forward, so a late or repeated call cannot rewind a schedule.
UPDATE {schema}.cron_schedules
SET last_tick_at = greatest(last_tick_at, :tick),
    last_job_id  = coalesce(:job_id::bigint, last_job_id),
    next_tick_at = :next,
    updated_at   = now()
WHERE name = :name

-- name: queue_pause
-- Returns a row only when this statement paused the queue: a paused queue is left as it is (its first
-- pause time kept, no notification), so of two concurrent pauses the second waits for the first's row
-- lock, re-checks the WHERE and returns nothing. Every node is told to re-read (:control); the claim
-- statement refuses the queue from this commit on whether or not a node has heard.
WITH paused AS (
    INSERT INTO {schema}.queues AS q (name, paused_at, updated_at)
    VALUES (:queue, now(), now())
    ON CONFLICT (name) DO UPDATE SET paused_at = now(), updated_at = now() WHERE q.paused_at IS NULL
    RETURNING name
), woke AS (
    SELECT pg_notify(:channel, :control) FROM paused
)
SELECT paused.name, (SELECT count(*) FROM woke) AS notified FROM paused

-- name: queue_resume
-- Returns a row only when the queue was paused; nodes re-read (:control) and claim at once.
WITH resumed AS (
    UPDATE {schema}.queues
    SET paused_at = NULL, updated_at = now()
    WHERE name = :queue AND paused_at IS NOT NULL
    RETURNING name
), woke AS (
    SELECT pg_notify(:channel, :control) FROM resumed
)
SELECT resumed.name, (SELECT count(*) FROM woke) AS notified FROM resumed

-- name: queue_paused_list
SELECT name, paused_at FROM {schema}.queues WHERE paused_at IS NOT NULL ORDER BY name

-- name: queue_clear
-- One statement, so a clear is all or nothing. Jobs a claim has locked are waited for and then
-- re-checked (READ COMMITTED): a job claimed meanwhile is running and is left alone.
UPDATE {schema}.jobs
SET state = 'cancelled', finished_at = now(), cancel_requested_at = now(), cancel_reason = :reason
WHERE queue = :queue AND state IN ('scheduled', 'available', 'retryable', 'held')

-- name: node_control
-- What a node reads about once a second: every paused queue (a primary-key-ordered read of a tiny
-- table) and the cancel requests for the jobs it runs (jobs_cancel_requested_idx, which holds only
-- jobs with a request on its way). One round trip; kind tells the two row shapes apart.
SELECT 'paused' AS kind, name AS queue, paused_at AS at, NULL::bigint AS id, NULL::int AS attempt
FROM {schema}.queues
WHERE paused_at IS NOT NULL
UNION ALL
SELECT 'cancel', queue, cancel_requested_at, id, attempt
FROM {schema}.jobs
WHERE attempted_by = :node AND state = 'running' AND cancel_requested_at IS NOT NULL

-- ---- flow control: limits and circuit breakers -----------------------------------------------------

-- name: flow_lock
-- Transaction-scoped locks on the keys of a limited claim or a rate lease, taken in the order given
-- (sorted by the caller, so two of them never wait on each other in a cycle). The statement after this
-- one takes a new snapshot, which sees every claim and lease that committed before the locks were granted.
SELECT count(pg_advisory_xact_lock(hashtextextended('stevedore.flow:' || k, 0))) FROM unnest(:keys::text[]) AS k

-- name: claim_holders
-- What a limited claim decides from, read after flow_lock in the claim's transaction; what says which row
-- is which. Why this is exact across nodes: under READ COMMITTED each statement reads a snapshot taken
-- when it starts. This statement starts after the keys' locks were granted, and a claim that held one
-- of those locks committed before releasing it; so every job another node's claim admitted under these
-- keys is visible here as running, and no claim deciding for them commits meanwhile (it waits for the
-- locks). A claim that refused a job put it back before committing, so it is never seen running. The
-- batch's own jobs (running since this transaction's claim statement) are left out: the decision counts
-- them itself, admitted one by one. "held" reads the running jobs through jobs_running_idx (its
-- predicate is implied) and keeps those sharing a key: a read of what runs cluster-wide, per claim
-- batch, instead of an index entry per claimed job (see 015_limit_keys). The batch's keys and ids are
-- joined as row sources, which the planner hashes: written as "limit_keys && :keys AND NOT (id = ANY
-- (:job_ids))", each running row was compared with every key and id of the batch in turn (measured,
-- 1,000 running jobs and a batch of 300: 3.3-4.7 ms a claim, against 0.5-1.7 ms as joins). When the
-- claiming node counts its own jobs (:own_counted, see HeldKeys), its rows are not read at all: they
-- are most of what runs (the batch just claimed among them), and jobs_running_idx, keyed by node,
-- gives the other nodes' rows as the two ranges around :node. The third branch reads the node's own
-- rows for a caller that does not count them; with :own_counted true it is a one-time filter that
-- skips its scan. The 'now' row is the transaction's start, the clock the claim itself used.
SELECT 'now' AS what, NULL::text AS key, NULL::bigint AS n, now() AS at
UNION ALL
SELECT 'held', h.k, count(*), NULL
FROM (SELECT j.id, unnest(j.limit_keys) AS k
      FROM {schema}.jobs AS j
      WHERE j.state = 'running' AND j.attempted_by < :node::text AND j.limit_keys IS NOT NULL
      UNION ALL
      SELECT j.id, unnest(j.limit_keys) AS k
      FROM {schema}.jobs AS j
      WHERE j.state = 'running' AND j.attempted_by > :node::text AND j.limit_keys IS NOT NULL
      UNION ALL
      SELECT j.id, unnest(j.limit_keys) AS k
      FROM {schema}.jobs AS j
      WHERE NOT :own_counted::bool AND j.state = 'running' AND j.attempted_by = :node::text
        AND j.limit_keys IS NOT NULL) AS h
JOIN unnest(:keys::text[]) AS q(k) ON q.k = h.k
WHERE NOT EXISTS (SELECT 1 FROM unnest(:job_ids::bigint[]) AS b(id) WHERE b.id = h.id)
GROUP BY h.k
UNION ALL
SELECT 'blocked', key, NULL, blocked_until FROM {schema}.limit_blocks
WHERE key = ANY (:keys::text[]) AND blocked_until > now()
UNION ALL
-- The line of each first-in-first-out key, outside this claim: the oldest unfinished refused job.
SELECT 'waiting', w.key, min(w.job_id), NULL
FROM {schema}.limit_waits AS w
JOIN {schema}.jobs AS j ON j.id = w.job_id AND j.state NOT IN ('completed', 'discarded', 'cancelled')
WHERE w.key = ANY (:fifo_keys::text[]) AND NOT (w.job_id = ANY (:job_ids::bigint[]))
GROUP BY w.key

-- name: claim_settle
-- A limited claim's decision, in its transaction, in one statement: jobs refused go back to scheduled
-- at their retry time without using an attempt (max_attempts + 1, as a refunded completion does), jobs
-- whose stored keys differ from what the claiming node computed get its keys (:rekey; :keys is one JSON
-- array text per job, empty for none, stored as NULL), and first-in-first-out lines are kept. One row is
-- updated once, whatever applies to it. Jobs are reached by primary key, as in job_complete_many.
WITH settled AS (
    UPDATE {schema}.jobs j
    SET limit_keys   = CASE WHEN u.rekey THEN (SELECT array_agg(e.k ORDER BY e.o)
                                               FROM jsonb_array_elements_text(u.keys::jsonb) WITH ORDINALITY AS e(k, o))
                            ELSE j.limit_keys END,
        state        = CASE WHEN u.retry_at_ms IS NULL THEN j.state ELSE 'scheduled' END,
        scheduled_at = CASE WHEN u.retry_at_ms IS NULL THEN j.scheduled_at
                            ELSE timestamptz 'epoch' + u.retry_at_ms * interval '1 millisecond' END,
        max_attempts = CASE WHEN u.retry_at_ms IS NULL THEN j.max_attempts ELSE j.max_attempts + 1 END
    FROM unnest(:ids::bigint[], :rekey::bool[], :keys::text[], :retry_at_ms::bigint[]) AS u(id, rekey, keys, retry_at_ms)
    WHERE j.id = u.id AND j.id = ANY (:ids::bigint[])
    RETURNING j.*
), waits AS (
    INSERT INTO {schema}.limit_waits (key, job_id)
    SELECT * FROM unnest(:wait_keys::text[], :wait_ids::bigint[])
    ON CONFLICT (key, job_id) DO NOTHING
    RETURNING 1
), served AS (
    DELETE FROM {schema}.limit_waits AS w
    USING unnest(:served_keys::text[], :served_ids::bigint[]) AS s(key, job_id)
    WHERE w.key = s.key AND w.job_id = s.job_id
    RETURNING 1
)
SELECT settled.*, (SELECT count(*) FROM waits) + (SELECT count(*) FROM served) AS lines_written FROM settled

-- name: rate_read
-- What a rate lease decides from: the clock, the keys' slots and their blocks.
SELECT 'now' AS what, NULL::text AS key, NULL::bigint AS slot, NULL::int AS n, now() AS at
UNION ALL
SELECT 'slot', key, slot, starts, NULL FROM {schema}.limit_slots WHERE key = ANY (:keys::text[])
UNION ALL
SELECT 'blocked', key, NULL, NULL, blocked_until FROM {schema}.limit_blocks
WHERE key = ANY (:keys::text[]) AND blocked_until > now()

-- name: rate_write
-- A lease's plan in one statement. Every data-modifying CTE runs to completion whether or not the final
-- SELECT reads it.
WITH started AS (
    INSERT INTO {schema}.limit_slots (key, slot, starts, expires_at)
    SELECT k, s, n, timestamptz 'epoch' + e * interval '1 millisecond'
    FROM unnest(:slot_keys::text[], :slots::bigint[], :slot_starts::int[], :slot_expires_ms::bigint[]) AS u(k, s, n, e)
    ON CONFLICT (key, slot) DO UPDATE SET starts = limit_slots.starts + excluded.starts, expires_at = excluded.expires_at
    RETURNING 1
), expired AS (
    DELETE FROM {schema}.limit_slots AS s
    USING unnest(:floor_keys::text[], :floors::bigint[]) AS f(key, oldest)
    WHERE s.key = f.key AND s.slot < f.oldest
    RETURNING 1
)
SELECT (SELECT count(*) FROM started) + (SELECT count(*) FROM expired) AS written

-- name: limit_block
INSERT INTO {schema}.limit_blocks AS b (key, blocked_until)
SELECT k, :until FROM unnest(:keys::text[]) AS k
ON CONFLICT (key) DO UPDATE SET blocked_until = greatest(b.blocked_until, excluded.blocked_until)

-- name: flow_sweep
WITH slots AS (
    DELETE FROM {schema}.limit_slots WHERE expires_at < now() RETURNING 1
), blocks AS (
    DELETE FROM {schema}.limit_blocks WHERE blocked_until < now() RETURNING 1
), waits AS (
    DELETE FROM {schema}.limit_waits AS w
    WHERE NOT EXISTS (SELECT 1 FROM {schema}.jobs AS j
                      WHERE j.id = w.job_id AND j.state NOT IN ('completed', 'discarded', 'cancelled'))
    RETURNING 1
), breaker_slots AS (
    DELETE FROM {schema}.breaker_slots WHERE expires_at < now() RETURNING 1
)
SELECT (SELECT count(*) FROM slots) + (SELECT count(*) FROM blocks)
       + (SELECT count(*) FROM breaker_slots) + (SELECT count(*) FROM waits) AS deleted

-- name: breaker_ensure
INSERT INTO {schema}.breakers (name) VALUES (:name) ON CONFLICT (name) DO NOTHING

-- name: breaker_lock
SELECT name, status, since, open_until, reason, probe_job_id, probe_attempt, now() AS now
FROM {schema}.breakers WHERE name = :name FOR UPDATE

-- name: breaker_count
-- Adds the report to the current slot, then reads the window (the slot and the ten before it) after
-- dropping older slots: a CTE's writes are invisible to the same statement's reads, so the report's own
-- figures are added to the sums.
WITH added AS (
    INSERT INTO {schema}.breaker_slots AS s (name, slot, successes, failures, expires_at)
    VALUES (:name, :slot::bigint, :successes::int, :failures::int, :expires::timestamptz)
    ON CONFLICT (name, slot) DO UPDATE
    SET successes = s.successes + excluded.successes, failures = s.failures + excluded.failures
    RETURNING 1
), dropped AS (
    DELETE FROM {schema}.breaker_slots WHERE name = :name AND slot < :oldest::bigint RETURNING 1
)
SELECT coalesce(sum(successes), 0) + :successes::int AS successes, coalesce(sum(failures), 0) + :failures::int AS failures,
       (SELECT count(*) FROM added) + (SELECT count(*) FROM dropped) AS written
FROM {schema}.breaker_slots
WHERE name = :name AND slot >= :oldest::bigint

-- name: breaker_set
UPDATE {schema}.breakers
SET status = :status, since = :since, open_until = :open_until, reason = :reason,
    probe_job_id = NULL, probe_attempt = NULL
WHERE name = :name

-- name: breaker_clear_window
DELETE FROM {schema}.breaker_slots WHERE name = :name

-- name: breaker_probe
-- At most one probe at a time: the breaker must be open past its cool-down, or half-open with a probe
-- that no longer runs (it ended before its outcome was reported, or its node died).
UPDATE {schema}.breakers AS b
SET status = 'half_open', since = now(), probe_job_id = :job_id::bigint, probe_attempt = :attempt::int,
    reason = 'cool-down over; job ' || :job_id::bigint || ' probes'
WHERE b.name = :name
  AND ((b.status = 'open' AND b.open_until <= now())
       OR (b.status = 'half_open'
           AND NOT EXISTS (SELECT 1 FROM {schema}.jobs AS j
                           WHERE j.id = b.probe_job_id AND j.attempt = b.probe_attempt AND j.state = 'running')))
RETURNING b.name

-- name: breaker_list
SELECT name, status, since, open_until, reason FROM {schema}.breakers ORDER BY name
-- ---- cron control: runtime edits, pauses, run outcomes, queued runs ----------------------------------

-- name: cron_run_track
-- A run whose outcome the leader counts once its job finishes (cron_settle_forget).
INSERT INTO {schema}.cron_runs (job_id, name, tick_at) VALUES (:job_id, :name, :tick)

-- name: cron_update
-- A definition put in force by an operator (:operator, which marks it edited) or a reset to the code's
-- (clears the mark). A changed definition restarts at now(): its ticks before the change never fire.
UPDATE {schema}.cron_schedules
SET last_tick_at = CASE WHEN (expression, zone) IS DISTINCT FROM (:expression::text, :zone::text)
                        THEN greatest(last_tick_at, now()) ELSE last_tick_at END,
    expression   = :expression,
    zone         = :zone,
    edited_at    = CASE WHEN :operator::boolean THEN now() END,
    next_tick_at = :next,
    updated_at   = now()
WHERE name = :name

-- name: cron_disable
-- A disabled schedule keeps its first time and reason; a queued tick goes (no new runs while disabled).
UPDATE {schema}.cron_schedules
SET disabled_at     = coalesce(disabled_at, now()),
    disabled_reason = CASE WHEN disabled_at IS NULL THEN :reason ELSE disabled_reason END,
    queued_tick_at  = NULL,
    updated_at      = now()
WHERE name = :name

-- name: cron_enable
-- Ticks resume from now() (those that passed while disabled are not caught up); the streak restarts.
UPDATE {schema}.cron_schedules
SET last_tick_at         = CASE WHEN disabled_at IS NULL THEN last_tick_at ELSE greatest(last_tick_at, now()) END,
    disabled_at          = NULL,
    disabled_reason      = NULL,
    consecutive_failures = 0,
    updated_at           = now()
WHERE name = :name

-- name: cron_queue
-- Queues :tick behind the running job unless a tick is queued already; either way the tick is handled.
-- RETURNING sees the new values: queued is true when this call's tick is the one queued.
UPDATE {schema}.cron_schedules
SET queued_tick_at = coalesce(queued_tick_at, :tick),
    last_tick_at   = greatest(last_tick_at, :tick),
    next_tick_at   = :next,
    updated_at     = now()
WHERE name = :name
RETURNING queued_tick_at = :tick AS queued

-- name: cron_enqueued
-- After a run-now or a released queued tick: the new job is the latest run; the released tick is
-- cleared only if it is still the queued one (a NULL :queued_tick compares as unknown: kept).
UPDATE {schema}.cron_schedules
SET last_job_id    = coalesce(:job_id::bigint, last_job_id),
    queued_tick_at = CASE WHEN queued_tick_at = :queued_tick::timestamptz THEN NULL ELSE queued_tick_at END,
    updated_at     = now()
WHERE name = :name

-- name: cron_run_list
-- The runs not counted yet: as few as the unfinished runs plus those that finished since the last check.
SELECT r.name, r.job_id, r.tick_at, j.state, j.finished_at
FROM {schema}.cron_runs AS r
LEFT JOIN {schema}.jobs AS j ON j.id = r.job_id
ORDER BY r.job_id

-- name: cron_settle_forget
-- The first of a settle's statements: only the transaction that deletes the run counts it.
DELETE FROM {schema}.cron_runs WHERE job_id = :job_id RETURNING name

-- name: cron_settle_count
-- A discarded run extends the streak, a completed one ends it; cancelled runs and vanished jobs leave it
-- (:outcome is NULL for a job that is gone, which records no outcome either). The row lock taken here
-- is held to the end of the transaction, so an operator's enable cannot slip between the count and
-- the pause that may follow.
UPDATE {schema}.cron_schedules
SET consecutive_failures = CASE :outcome::text WHEN 'discarded' THEN consecutive_failures + 1
                                               WHEN 'completed' THEN 0 ELSE consecutive_failures END,
    last_outcome         = coalesce(:outcome::text, last_outcome),
    last_outcome_job_id  = CASE WHEN :outcome::text IS NULL THEN last_outcome_job_id ELSE :job_id END,
    last_outcome_at      = CASE WHEN :outcome::text IS NULL THEN last_outcome_at
                                ELSE coalesce(:finished_at::timestamptz, now()) END,
    updated_at           = now()
WHERE name = :name
RETURNING consecutive_failures, disabled_at IS NULL AS enabled

-- ---- fan-outs ----------------------------------------------------------------------------------------

-- name: fan_out_start
-- Creates the run or returns it as it is. The outer SELECT does not see the CTE's insert (one snapshot),
-- so exactly one of the two arms yields the row.
WITH created AS (
    INSERT INTO {schema}.fan_outs (name, run) VALUES (:name, :run)
    ON CONFLICT (name, run) DO NOTHING
    RETURNING *
)
SELECT * FROM created
UNION ALL
SELECT * FROM {schema}.fan_outs WHERE name = :name AND run = :run

-- name: fan_out_lock
-- Locks the run if it still stands at :position. A concurrent runner of the same page waits here and,
-- once the first commits, re-reads the row (READ COMMITTED), finds it moved on and gets no row.
SELECT * FROM {schema}.fan_outs
WHERE name = :name AND run = :run AND position = :position AND finished_at IS NULL
FOR UPDATE

-- name: fan_out_advance
UPDATE {schema}.fan_outs
SET cursor      = :cursor,
    position    = :next_position,
    enqueued    = enqueued + :inserted,
    finished_at = CASE WHEN :cursor::text IS NULL THEN now() END,
    updated_at  = now()
WHERE name = :name AND run = :run
RETURNING *

-- ---- nodes and leadership ---------------------------------------------------------------------------

-- name: node_heartbeat
INSERT INTO {schema}.nodes (node_id, host, pid, queues, running, started_at, heartbeat_at, heap_used, heap_max, rss,
                           oldest_job_id, oldest_job_since, queue_settings)
VALUES (:node_id, :host, :pid, :queues::jsonb, :running, now(), now(), :heap_used, :heap_max, :rss, :oldest_job_id,
        :oldest_job_since, :queue_settings::jsonb)
ON CONFLICT (node_id) DO UPDATE
SET host = excluded.host, pid = excluded.pid, queues = excluded.queues, running = excluded.running,
    heartbeat_at = excluded.heartbeat_at, heap_used = excluded.heap_used, heap_max = excluded.heap_max,
    rss = excluded.rss, oldest_job_id = excluded.oldest_job_id, oldest_job_since = excluded.oldest_job_since,
    queue_settings = excluded.queue_settings

-- name: node_remove
DELETE FROM {schema}.nodes WHERE node_id = :node_id

-- name: node_list
SELECT * FROM {schema}.nodes ORDER BY node_id

-- name: leader_elect
-- The conflict arm only overwrites a lease that is ours or expired; otherwise no row comes back and
-- the caller is not the leader. The row lock taken by ON CONFLICT serialises concurrent electors.
INSERT INTO {schema}.leader AS leader (name, node_id, expires_at)
VALUES ('leader', :node_id, now() + :ttl_ms * interval '1 millisecond')
ON CONFLICT (name) DO UPDATE
SET node_id = excluded.node_id, expires_at = excluded.expires_at
WHERE leader.node_id = excluded.node_id OR leader.expires_at < now()
RETURNING node_id

-- name: leader_resign
DELETE FROM {schema}.leader WHERE name = 'leader' AND node_id = :node_id

-- name: leader_get
SELECT node_id FROM {schema}.leader WHERE name = 'leader' AND expires_at > now()

-- ---- time, wake-ups, schema --------------------------------------------------------------------------

-- name: clock_now
-- clock_timestamp(), not now(): the caller wants the time of the call, not of a transaction start.
SELECT clock_timestamp()

-- name: listen
LISTEN stevedore_{schema}

-- name: migrate_lock
-- Transaction-scoped: released by the commit or rollback that ends the migration, even if the
-- migrating process dies. Nodes migrating at once queue here and find the work done.
SELECT pg_advisory_xact_lock(:key)

-- name: migrate_create_schema
CREATE SCHEMA IF NOT EXISTS {schema}

-- name: migrate_create_versions
CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
    version    integer     PRIMARY KEY,
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)

-- name: migrate_versions_exist
SELECT to_regclass('{schema}.schema_migrations') IS NOT NULL

-- name: migrate_applied
SELECT coalesce(max(version), 0) FROM {schema}.schema_migrations

-- name: migrate_record
INSERT INTO {schema}.schema_migrations (version, name) VALUES (:version, :name)

-- name: migrate_forget
DELETE FROM {schema}.schema_migrations WHERE version = :version

-- name: migrate_drop_versions
DROP TABLE {schema}.schema_migrations

-- name: migrate_drop_schema
-- RESTRICT (the default): fails, and is rolled back to a savepoint, when the schema holds anything
-- that is not ours.
DROP SCHEMA {schema}

-- ---- batches and workflows ------------------------------------------------------------------------
-- A batch's jobs carry batch_id; workflow edges not yet satisfied live in job_deps. These statements
-- run inside the transaction of a batch insert, a batch completion or a sweep, and those take row
-- locks in one order: the jobs being completed, then edges, then waiting jobs by id, then batches by
-- id (ancestors included). Two such transactions can therefore wait for each other but never in a
-- circle. :waiting is dev.stevedore.Job.AWAITING_UPSTREAM, the scheduled_at of a waiting step.

-- name: batch_insert
INSERT INTO {schema}.batches (parent_id, description, metadata, callbacks)
VALUES (:parent_id, :description, :metadata::jsonb, :callbacks::jsonb)
RETURNING id

-- name: batch_lock
-- Before jobs or a child batch join a batch: it must exist and be open, and it stays open until this
-- transaction ends, because finishing it takes this row lock too (batch_lock_open).
SELECT finished_at IS NOT NULL AS finished FROM {schema}.batches WHERE id = :id FOR UPDATE

-- name: batch_dep_insert
INSERT INTO {schema}.job_deps (job_id, upstream_id, on_failure)
SELECT * FROM unnest(:job_ids::bigint[], :upstream_ids::bigint[], :on_failure::text[])

-- name: batch_dep_consume
-- Deletes the edges whose upstream, one of :ids, is final (or was deleted) and says for each what the
-- upstream ended as. The outer SELECT reads jobs as of the statement's start, like the DELETE.
WITH consumed AS (
    DELETE FROM {schema}.job_deps d
    WHERE d.upstream_id = ANY (:ids::bigint[])
      AND NOT EXISTS (SELECT 1 FROM {schema}.jobs u
                      WHERE u.id = d.upstream_id
                        AND u.state IN ('scheduled', 'available', 'running', 'retryable', 'held'))
    RETURNING d.job_id, d.upstream_id, d.on_failure
)
SELECT c.job_id, c.upstream_id, c.on_failure, coalesce(u.state, 'deleted') AS upstream_state
FROM consumed c
LEFT JOIN {schema}.jobs u ON u.id = c.upstream_id

-- name: batch_lock_jobs
-- The waiting jobs an edge deletion may release or cancel, locked in id order. A release decided after
-- this lock, in a new statement, sees every edge deletion committed before it: of two transactions
-- completing the last two upstreams of a job at once, the second to get here releases it.
SELECT id FROM {schema}.jobs WHERE id = ANY (:ids::bigint[]) ORDER BY id FOR UPDATE

-- name: batch_dep_cancel
-- Waiting jobs whose upstream failed under the 'cancel' policy. The reason is kept as an operator's
-- cancel reason is, so Job.cancellation() says which upstream it was. The waiting test is written
-- "IS TRUE" so that it cannot select an index: every waiting step has the same scheduled_at, and a
-- scan of jobs_staging_idx at that value would read all of them; the rows come by primary key
-- ("j.id = ANY", so that no estimate can make the planner scan jobs and re-run the unnest per row,
-- the trap job_complete_many describes).
UPDATE {schema}.jobs j
SET state = 'cancelled', finished_at = now(), cancel_requested_at = now(), cancel_reason = u.reason
FROM unnest(:ids::bigint[], :reasons::text[]) AS u(id, reason)
WHERE j.id = u.id AND j.id = ANY (:ids::bigint[]) AND (j.state = 'scheduled' AND j.scheduled_at = :waiting) IS TRUE
RETURNING j.id

-- name: batch_dep_forget
-- A cancelled waiting job waits for nothing any more.
DELETE FROM {schema}.job_deps WHERE job_id = ANY (:ids::bigint[])

-- name: batch_dep_release
-- Waiting jobs left without edges become available now, with one notification per queue. "IS TRUE"
-- as in batch_dep_cancel: by primary key, never by a scan of every waiting step.
WITH released AS (
    UPDATE {schema}.jobs j
    SET state = 'available', scheduled_at = now()
    WHERE j.id = ANY (:ids::bigint[]) AND (j.state = 'scheduled' AND j.scheduled_at = :waiting) IS TRUE
      AND NOT EXISTS (SELECT 1 FROM {schema}.job_deps d WHERE d.job_id = j.id)
    RETURNING j.id, j.queue
), woke AS (
    SELECT pg_notify(:channel, queue) FROM (SELECT DISTINCT queue FROM released) AS q
)
SELECT id, (SELECT count(*) FROM woke) AS notified FROM released

-- name: batch_of_final_jobs
SELECT DISTINCT batch_id
FROM {schema}.jobs
WHERE id = ANY (:ids::bigint[]) AND batch_id IS NOT NULL AND state IN ('completed', 'discarded', 'cancelled')

-- name: batch_lock_open
-- The open batches among :ids and their ancestors, locked in id order before any is checked. The
-- ancestors are locked up front because finishing a child may finish its parent in the same
-- transaction: taking the parent's lock only then could wait in a circle with a transaction that
-- holds the parent and wants the child. Whoever adds a job or a child to a batch holds the same lock,
-- so the check that follows (a new statement: a new snapshot under READ COMMITTED) sees every job
-- added and every job finished by transactions that held it before.
-- The parent is read by a scalar sub-select, which the planner cannot turn into a join, and the
-- tree is handed over as an array: both keep every step a primary-key probe, however many batches
-- the table holds (the recursion ends on the null parent of the root).
WITH RECURSIVE tree(id) AS (
    SELECT id FROM unnest(:ids::bigint[]) AS u(id)
    UNION
    SELECT (SELECT b.parent_id FROM {schema}.batches b WHERE b.id = t.id) FROM tree t WHERE t.id IS NOT NULL
)
SELECT id FROM {schema}.batches
WHERE id = ANY (ARRAY(SELECT id FROM tree WHERE id IS NOT NULL)) AND finished_at IS NULL
ORDER BY id
FOR UPDATE

-- name: batch_finish
-- Finishes the batches among :ids (locked by batch_lock_open) that are ready (batches_ready: no
-- unfinished job, no open child): takes the tally, sets finished_at and inserts the callbacks of the
-- outcome, all in one statement. "finished_at IS NULL" under the row lock makes this happen once per
-- batch whatever the number of nodes. Readiness costs the same for a batch of ten jobs and one of a
-- million; only a batch that is ready pays for its tally.
WITH ready AS (
    SELECT id FROM {schema}.batches_ready WHERE id = ANY (:ids::bigint[])
), tally AS (
    -- LATERAL, not a join on batch_id: a join lets the planner hash the whole view (every batch job
    -- in the table); LATERAL makes it one range scan of jobs_batch_idx per ready batch.
    SELECT r.id, t.total, t.completed, t.failed, t.cancelled
    FROM ready r
    CROSS JOIN LATERAL (
        SELECT count(*)::int AS total,
               (count(*) FILTER (WHERE u.outcome = 'completed'))::int AS completed,
               (count(*) FILTER (WHERE u.outcome = 'failed'))::int AS failed,
               (count(*) FILTER (WHERE u.outcome = 'cancelled'))::int AS cancelled
        FROM {schema}.batch_units u
        WHERE u.batch_id = r.id
    ) AS t
), finished AS (
    UPDATE {schema}.batches b
    SET finished_at = now(), total = t.total, completed = t.completed, failed = t.failed, cancelled = t.cancelled
    FROM tally t
    WHERE b.id = t.id AND b.finished_at IS NULL
    RETURNING b.id, b.parent_id, b.callbacks, t.failed + t.cancelled = 0 AS succeeded
), callbacks AS (
    INSERT INTO {schema}.jobs (kind, queue, args, priority, max_attempts, timeout_ms, tags, metadata, batch_id)
    SELECT cb ->> 'kind', cb ->> 'queue', (cb ->> 'args')::jsonb, (cb ->> 'priority')::int,
           (cb ->> 'maxAttempts')::int, (cb ->> 'timeoutMs')::bigint, cb -> 'tags',
           (cb -> 'metadata') || jsonb_build_object('stevedore.batch', f.id::text, 'stevedore.batch.event', cb ->> 'event'),
           f.id
    FROM finished f
    CROSS JOIN LATERAL jsonb_array_elements(f.callbacks) AS cb
    WHERE cb ->> 'event' IN ('complete', CASE WHEN f.succeeded THEN 'success' ELSE 'failure' END)
    RETURNING queue
), woke AS (
    SELECT pg_notify(:channel, queue) FROM (SELECT DISTINCT queue FROM callbacks) AS q
)
SELECT f.id, f.parent_id, (SELECT count(*) FROM woke) AS notified FROM finished f

-- name: batch_sweep_edges
-- Upstream jobs that are final (or deleted) and still hold edges: they got there some other way than
-- a batch completion. Reads the edges still in flight, probing jobs by primary key.
SELECT DISTINCT d.upstream_id
FROM {schema}.job_deps d
LEFT JOIN {schema}.jobs u ON u.id = d.upstream_id
WHERE u.id IS NULL OR u.state IN ('completed', 'discarded', 'cancelled')
LIMIT :limit

-- name: batch_sweep_ready
-- Open batches (batches_open_idx) that could finish now; batch_finish checks again under the lock.
SELECT id FROM {schema}.batches_ready LIMIT :limit

-- name: batch_read_without_jit
-- Run before batch_get and batch_list, in a transaction of their own. Their plans' cost includes the
-- live count of every batch they read, at the planner's estimate of a batch's size: it cannot know
-- that the one-time filter skips the count of a finished or tallied batch. With a batch of a million
-- jobs in the table that cost is over jit_above_cost, and compiling the plan took 116-219 ms (measured,
-- one batch of 1.4 million jobs, batch_list) for a read that then ran in 0.1 ms.
SET LOCAL jit = off

-- name: batch_get
-- A finished batch reads its tally, and so does a running one that keeps a tally (tallied_at is set,
-- see 021_batch_tallies); any other running one counts its units now. total is null exactly for the
-- latter, hence the coalesce. The tests on b sit inside the LATERAL subquery, where they are a one-time
-- filter (b's row is fixed for each run of it): for a batch read from its row the planner never starts
-- the scan of jobs_batch_idx. In the join's ON instead, the count would run and then be thrown away.
SELECT b.id, b.parent_id, b.description, b.metadata, b.created_at, b.finished_at, b.tallied_at,
       coalesce(b.total, live.total) AS total, coalesce(b.completed, live.completed) AS completed,
       coalesce(b.failed, live.failed) AS failed, coalesce(b.cancelled, live.cancelled) AS cancelled
FROM {schema}.batches b
LEFT JOIN LATERAL (
    SELECT count(*)::int AS total,
           (count(*) FILTER (WHERE u.outcome = 'completed'))::int AS completed,
           (count(*) FILTER (WHERE u.outcome = 'failed'))::int AS failed,
           (count(*) FILTER (WHERE u.outcome = 'cancelled'))::int AS cancelled
    FROM {schema}.batch_units u
    WHERE u.batch_id = b.id AND b.finished_at IS NULL AND b.tallied_at IS NULL
) AS live ON true
WHERE b.id = :id

-- name: batch_list
-- batch_get for a page of batches, newest first: a backward walk of the primary key (the children of
-- one parent through batches_parent_idx instead). The lateral count runs for open batches without a
-- tally only: a finished one reads its tally, whatever became of its jobs, and so does a large one.
SELECT b.id, b.parent_id, b.description, b.metadata, b.created_at, b.finished_at, b.tallied_at,
       coalesce(b.total, live.total) AS total, coalesce(b.completed, live.completed) AS completed,
       coalesce(b.failed, live.failed) AS failed, coalesce(b.cancelled, live.cancelled) AS cancelled
FROM {schema}.batches b
LEFT JOIN LATERAL (
    SELECT count(*)::int AS total,
           (count(*) FILTER (WHERE u.outcome = 'completed'))::int AS completed,
           (count(*) FILTER (WHERE u.outcome = 'failed'))::int AS failed,
           (count(*) FILTER (WHERE u.outcome = 'cancelled'))::int AS cancelled
    FROM {schema}.batch_units u
    WHERE u.batch_id = b.id AND b.finished_at IS NULL AND b.tallied_at IS NULL
) AS live ON true
WHERE (:parent_id::bigint IS NULL OR b.parent_id = :parent_id::bigint)
  AND (:before_id::bigint IS NULL OR b.id < :before_id::bigint)
ORDER BY b.id DESC
LIMIT :limit

-- name: batch_tally_keep
-- The counts a read took of a large running batch (BatchTallies), kept as its tally. The conditions are
-- tested again once the row is locked (READ COMMITTED re-reads a row that changed while it waited): a
-- batch that a concurrent batch_finish finished keeps its final tally, and one that got a tally
-- meanwhile keeps that one. Null from RETURNING means nothing was kept.
UPDATE {schema}.batches
SET total = :total, completed = :completed, failed = :failed, cancelled = :cancelled, tallied_at = now()
WHERE id = :id AND finished_at IS NULL AND tallied_at IS NULL
RETURNING tallied_at

-- name: batch_tally_stale
-- Running batches whose tally is older than :older_ms, oldest first. batches_open_idx holds the
-- running batches only, and those with a tally are few.
SELECT id
FROM {schema}.batches
WHERE finished_at IS NULL AND tallied_at <= now() - :older_ms * interval '1 millisecond'
ORDER BY tallied_at
LIMIT :limit

-- name: batch_tally_refresh
-- Counts one running batch again, in one statement of its own (auto-commit): the count reads a
-- snapshot and locks nothing, and the batch's row is locked only for the update at its end, with the
-- guard of batch_tally_keep (a batch finished meanwhile keeps its final tally).
UPDATE {schema}.batches b
SET total = t.total, completed = t.completed, failed = t.failed, cancelled = t.cancelled, tallied_at = now()
FROM (SELECT count(*)::int AS total,
             (count(*) FILTER (WHERE u.outcome = 'completed'))::int AS completed,
             (count(*) FILTER (WHERE u.outcome = 'failed'))::int AS failed,
             (count(*) FILTER (WHERE u.outcome = 'cancelled'))::int AS cancelled
      FROM {schema}.batch_units u
      WHERE u.batch_id = :id) AS t
WHERE b.id = :id AND b.finished_at IS NULL AND b.tallied_at IS NOT NULL

-- name: batch_job_list
-- A batch's jobs in id order, found through jobs_batch_idx (batch_id, state) and sorted: a page of a
-- huge batch sorts its jobs, which is why pages are bounded and keyed by id.
SELECT *
FROM {schema}.jobs
WHERE batch_id = :batch_id
  AND (:after_id::bigint IS NULL OR id > :after_id::bigint)
ORDER BY id
LIMIT :limit

-- name: batch_callback_list
SELECT callbacks::text AS callbacks FROM {schema}.batches WHERE id = :id

-- name: batch_prune
-- Finished batches past the retention whose jobs are all pruned, unless an open parent still counts
-- them. SKIP LOCKED: a batch being looked at by a sweep is left for the next run.
WITH doomed AS (
    SELECT b.id
    FROM {schema}.batches b
    WHERE b.finished_at < now() - :failed_ms * interval '1 millisecond'
      AND NOT EXISTS (SELECT 1 FROM {schema}.jobs j WHERE j.batch_id = b.id)
      AND NOT EXISTS (SELECT 1 FROM {schema}.batches p WHERE p.id = b.parent_id AND p.finished_at IS NULL)
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
DELETE FROM {schema}.batches b
USING doomed
WHERE b.id = doomed.id

-- name: stats_record
-- Adds sums to buckets :width_s wide (a node's minutes, or the roll-up's hours): one statement for the
-- whole batch, the arrays zipped by unnest. Concurrent writes to the same bucket serialise on its row
-- (the upsert locks it), so no sum is lost.
INSERT INTO {schema}.stats AS s (start, width_s, queue, kind, completed, failed, retried, discarded, timed_out,
                                 cancelled, runs, run_total_ms, run_max_ms, starts, wait_total_ms, wait_max_ms)
SELECT timestamptz 'epoch' + u.start_ms * interval '1 millisecond', :width_s, u.queue, u.kind, u.completed, u.failed,
       u.retried, u.discarded, u.timed_out, u.cancelled, u.runs, u.run_total_ms, u.run_max_ms, u.starts,
       u.wait_total_ms, u.wait_max_ms
FROM unnest(:start_ms::bigint[], :queues::text[], :kinds::text[], :completed::bigint[], :failed::bigint[],
            :retried::bigint[], :discarded::bigint[], :timed_out::bigint[], :cancelled::bigint[], :runs::bigint[],
            :run_total_ms::bigint[], :run_max_ms::bigint[], :starts::bigint[], :wait_total_ms::bigint[],
            :wait_max_ms::bigint[])
     AS u(start_ms, queue, kind, completed, failed, retried, discarded, timed_out, cancelled, runs, run_total_ms,
          run_max_ms, starts, wait_total_ms, wait_max_ms)
ON CONFLICT (width_s, start, queue, kind) DO UPDATE SET
    completed = s.completed + excluded.completed, failed = s.failed + excluded.failed,
    retried = s.retried + excluded.retried, discarded = s.discarded + excluded.discarded,
    timed_out = s.timed_out + excluded.timed_out, cancelled = s.cancelled + excluded.cancelled,
    runs = s.runs + excluded.runs, run_total_ms = s.run_total_ms + excluded.run_total_ms,
    run_max_ms = greatest(s.run_max_ms, excluded.run_max_ms), starts = s.starts + excluded.starts,
    wait_total_ms = s.wait_total_ms + excluded.wait_total_ms,
    wait_max_ms = greatest(s.wait_max_ms, excluded.wait_max_ms)

-- name: stats_list
SELECT start, width_s, queue, kind, completed, failed, retried, discarded, timed_out, cancelled, runs,
       run_total_ms, run_max_ms, starts, wait_total_ms, wait_max_ms
FROM {schema}.stats
WHERE start >= :from AND start < :to
  AND (CAST(:queue AS text) IS NULL OR queue = :queue) AND (CAST(:kind AS text) IS NULL OR kind = :kind)
ORDER BY start, width_s, queue, kind

-- name: stats_roll_up_take
-- The minute rows a roll-up moves into hours, deleted and returned in one statement: the delete locks
-- them, so a second roll-up at the same time waits and then finds them gone (no double count). The
-- caller adds their sums to the hours with stats_record in the same transaction.
DELETE FROM {schema}.stats WHERE width_s = 60 AND start < :minutes_before
RETURNING start, width_s, queue, kind, completed, failed, retried, discarded, timed_out, cancelled, runs,
          run_total_ms, run_max_ms, starts, wait_total_ms, wait_max_ms

-- name: stats_drop_hours
DELETE FROM {schema}.stats WHERE width_s = 3600 AND start < :hours_before

-- name: failure_insert
-- One statement per recorder batch: the arrays are zipped by unnest, in input order.
INSERT INTO {schema}.failures (issue_id, job_id, kind, queue, args, error_class, message, stack, category,
                               retryable, attempt, node, duration_ms, at, tags, metadata)
SELECT u.issue_id, u.job_id, u.kind, u.queue, u.args::jsonb, u.error_class, u.message, u.stack, u.category,
       u.retryable, u.attempt, u.node, u.duration_ms, timestamptz 'epoch' + u.at_us * interval '1 microsecond', u.tags::jsonb, u.metadata::jsonb
FROM unnest(:issue_ids::text[], :job_ids::bigint[], :kinds::text[], :queues::text[], :args::text[],
            :error_classes::text[], :messages::text[], :stacks::text[], :categories::text[], :retryable::bool[],
            :attempts::int[], :nodes::text[], :duration_ms::bigint[], :at_us::bigint[], :tags::text[],
            :metadata::text[]) WITH ORDINALITY
     AS u(issue_id, job_id, kind, queue, args, error_class, message, stack, category, retryable, attempt, node,
          duration_ms, at_us, tags, metadata, ord)
ORDER BY u.ord

-- name: issue_upsert
-- One row per fingerprint (the batch is aggregated first: ON CONFLICT cannot update a row twice in one
-- statement), in fingerprint order, so two recorders lock shared issues in the same order and cannot
-- deadlock. The row lock ON CONFLICT takes makes "count = count + n" exact under concurrency. A
-- resolved issue that fails again reopens as a regression; an ignored one only counts. An insert or a
-- reopening stamps the row with this call's :token, and only rows carrying it come back: the issues
-- this call opened (regressed_at null) or regressed, each reported by exactly one recorder.
WITH upserted AS (
    INSERT INTO {schema}.issues AS i (id, kind, error_class, message, stack, status, count, first_seen, last_seen,
                                      queues, sample_job_ids, opened_by)
    SELECT u.id, u.kind, u.error_class, u.message, u.stack, 'open', u.count, timestamptz 'epoch' + u.first_us * interval '1 microsecond',
           timestamptz 'epoch' + u.last_us * interval '1 microsecond', u.queues::jsonb, u.samples::jsonb, :token::text
    FROM unnest(:ids::text[], :kinds::text[], :error_classes::text[], :messages::text[], :stacks::text[],
                :counts::bigint[], :first_us::bigint[], :last_us::bigint[], :queues::text[], :samples::text[])
         AS u(id, kind, error_class, message, stack, count, first_us, last_us, queues, samples)
    ORDER BY u.id
    ON CONFLICT (id) DO UPDATE SET
        count          = i.count + excluded.count,
        first_seen     = least(i.first_seen, excluded.first_seen),
        last_seen      = greatest(i.last_seen, excluded.last_seen),
        message        = CASE WHEN excluded.last_seen >= i.last_seen THEN excluded.message ELSE i.message END,
        stack          = CASE WHEN excluded.last_seen >= i.last_seen THEN excluded.stack ELSE i.stack END,
        queues         = (SELECT jsonb_agg(q ORDER BY q) FROM (
                             SELECT DISTINCT q FROM jsonb_array_elements_text(i.queues || excluded.queues) AS q
                             ORDER BY q LIMIT :max_queues) AS d),
        sample_job_ids = (SELECT jsonb_agg(x ORDER BY o) FROM (
                             SELECT x, o FROM jsonb_array_elements(i.sample_job_ids || excluded.sample_job_ids)
                                  WITH ORDINALITY AS t(x, o)
                             ORDER BY o DESC LIMIT :max_samples) AS s),
        status         = CASE WHEN i.status = 'resolved' THEN 'open' ELSE i.status END,
        regressed_at   = CASE WHEN i.status = 'resolved' THEN excluded.last_seen ELSE i.regressed_at END,
        opened_by      = CASE WHEN i.status = 'resolved' THEN excluded.opened_by ELSE i.opened_by END
    RETURNING id, kind, error_class, message, first_seen, regressed_at, opened_by
)
SELECT id, kind, error_class, message, first_seen, regressed_at FROM upserted WHERE opened_by = :token::text ORDER BY id

-- name: failure_list
-- Keyset paging newest first: a backward scan of the primary key from :before_id, filtering as it
-- goes (see job_list); with an issue, failures_issue_idx serves the same order.
SELECT *
FROM {schema}.failures
WHERE (:before_id::bigint IS NULL OR id < :before_id::bigint)
  AND (:from::timestamptz IS NULL OR at >= :from::timestamptz)
  AND (:to::timestamptz IS NULL OR at < :to::timestamptz)
  AND (:queue::text IS NULL OR queue = :queue::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
  AND (:category::text IS NULL OR category = :category::text)
  AND (:issue::text IS NULL OR issue_id = :issue::text)
ORDER BY id DESC
LIMIT :limit

-- name: failure_counts
-- The window's failures through failures_at_idx, filtered by queue: the window bounds the cost.
SELECT category, count(*) AS failures, count(DISTINCT issue_id) AS issues
FROM {schema}.failures
WHERE at >= :since AND queue = :queue
GROUP BY category
ORDER BY failures DESC, category

-- name: failure_buckets
-- Failures of a page of issues since :since, per bucket of :width_ms: the planner takes
-- failures_issue_idx per issue or failures_at_idx for the window, whichever reads less.
SELECT issue_id, floor(extract(epoch FROM at - :since::timestamptz) * 1000 / :width_ms)::bigint AS bucket,
       count(*) AS failures
FROM {schema}.failures
WHERE issue_id = ANY (:issue_ids::text[]) AND at >= :since::timestamptz
GROUP BY 1, 2

-- name: failure_list_job
-- failure_list for one job: failures_job_idx gives its rows in id order whatever the plan, where the
-- "IS NULL OR" form of a job filter would leave a generic plan scanning every failure.
SELECT *
FROM {schema}.failures
WHERE job_id = :job_id::bigint
  AND (:before_id::bigint IS NULL OR id < :before_id::bigint)
  AND (:from::timestamptz IS NULL OR at >= :from::timestamptz)
  AND (:to::timestamptz IS NULL OR at < :to::timestamptz)
  AND (:queue::text IS NULL OR queue = :queue::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
  AND (:category::text IS NULL OR category = :category::text)
  AND (:issue::text IS NULL OR issue_id = :issue::text)
ORDER BY id DESC
LIMIT :limit

-- name: failure_prune
-- The oldest rows first through failures_at_idx, a bounded chunk per statement.
DELETE FROM {schema}.failures
WHERE id IN (SELECT id FROM {schema}.failures
             WHERE at < now() - :retention_ms * interval '1 millisecond'
             ORDER BY at LIMIT :limit)

-- name: issue_list
-- Keyset paging on (last_seen, id) descending, served by issues_last_seen_idx.
SELECT *
FROM {schema}.issues
WHERE (:before_last_seen::timestamptz IS NULL OR (last_seen, id) < (:before_last_seen::timestamptz, :before_id::text))
  AND (:status::text IS NULL OR status = :status::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
ORDER BY last_seen DESC, id DESC
LIMIT :limit

-- name: issue_get
SELECT * FROM {schema}.issues WHERE id = :id

-- name: issue_set_status
UPDATE {schema}.issues SET status = :status WHERE id = :id RETURNING *

-- name: issue_regressed_list
-- Exactly issues_regressed_idx's predicate and order: a read of that small index alone.
SELECT * FROM {schema}.issues
WHERE status = 'open' AND regressed_at IS NOT NULL
ORDER BY regressed_at DESC
LIMIT :limit

-- ---- alerts ---------------------------------------------------------------------------------------------

-- name: alert_fire
-- Inserts the alert active unless the rule and subject resolved within the cool-down (alerts_resolved_idx)
-- or already have an active alert: alerts_active_idx is unique, so a concurrent insert by another leader
-- waits for ours to commit and then does nothing. Returns the row only when this statement fired it.
INSERT INTO {schema}.alerts (rule, subject, message, fired_at)
SELECT :rule::text, :subject::text, :message::text, now()
WHERE NOT EXISTS (SELECT 1 FROM {schema}.alerts
                  WHERE rule = :rule AND subject = :subject AND resolved_at IS NOT NULL
                    AND resolved_at > now() - :cool_down_ms::bigint * interval '1 millisecond')
ON CONFLICT (rule, subject) WHERE resolved_at IS NULL DO NOTHING
RETURNING *

-- name: alert_resolve
-- The row lock makes a second resolver wait, re-check resolved_at IS NULL and return nothing.
UPDATE {schema}.alerts SET resolved_at = now()
WHERE rule = :rule AND subject = :subject AND resolved_at IS NULL
RETURNING *

-- name: alert_list
-- Newest first by a backward scan of the primary key (a small table: history is pruned).
SELECT * FROM {schema}.alerts
WHERE (:before_id::bigint IS NULL OR id < :before_id::bigint)
  AND (NOT :active::boolean OR resolved_at IS NULL)
  AND (:rule::text IS NULL OR rule = :rule::text)
ORDER BY id DESC
LIMIT :limit

-- name: alert_prune
-- The oldest resolutions first through alerts_prune_idx, a bounded chunk per statement; active alerts
-- (resolved_at null) are never in that index.
DELETE FROM {schema}.alerts
WHERE id IN (SELECT id FROM {schema}.alerts
             WHERE resolved_at IS NOT NULL AND resolved_at < now() - :retention_ms * interval '1 millisecond'
             ORDER BY resolved_at LIMIT :limit)

-- ---- health reads for alert rules ------------------------------------------------------------------------

-- name: queue_ready_list
-- The oldest available job of each queue without counting them: a loose index scan of jobs_claim_idx
-- (queue, priority DESC, scheduled_at, id). Each step is one index probe that jumps to the head of the
-- next (queue, priority) group: the same queue's next lower priority if it has one (the first arm of the
-- UNION ALL; LIMIT 1 stops the Append before the second arm runs), else the next queue. A group's head is
-- its earliest scheduled_at, so the queue's oldest is the least of its groups' heads: queues × priorities
-- probes however long the backlog.
WITH RECURSIVE heads AS (
    (SELECT queue, priority, scheduled_at FROM {schema}.jobs
     WHERE state = 'available'
     ORDER BY queue, priority DESC, scheduled_at, id LIMIT 1)
    UNION ALL
    SELECT n.queue, n.priority, n.scheduled_at
    FROM heads h
    CROSS JOIN LATERAL (
        (SELECT queue, priority, scheduled_at FROM {schema}.jobs
         WHERE state = 'available' AND queue = h.queue AND priority < h.priority
         ORDER BY queue, priority DESC, scheduled_at, id LIMIT 1)
        UNION ALL
        (SELECT queue, priority, scheduled_at FROM {schema}.jobs
         WHERE state = 'available' AND queue > h.queue
         ORDER BY queue, priority DESC, scheduled_at, id LIMIT 1)
        LIMIT 1
    ) AS n
)
SELECT queue, min(scheduled_at) AS oldest_due_at FROM heads GROUP BY queue ORDER BY queue

-- name: job_running_longest
-- jobs_running_idx holds running jobs only (as many as all nodes' slots), so this reads that set and
-- sorts it; the store's clock decides how long each has run.
SELECT * FROM {schema}.jobs
WHERE state = 'running' AND attempted_at <= now() - :running_ms * interval '1 millisecond'
ORDER BY attempted_at, id
LIMIT :limit

-- ---- audit log --------------------------------------------------------------------------------------

-- name: audit_record
INSERT INTO {schema}.audit_log (actor, action, target, job_ids, outcome)
VALUES (:actor, :action, :target, :job_ids::jsonb, :outcome)

-- name: audit_list
-- Keyset paging newest first: a backward scan of the primary key from :before_id.
SELECT *
FROM {schema}.audit_log
WHERE (:before_id::bigint IS NULL OR id < :before_id::bigint)
ORDER BY id DESC
LIMIT :limit

-- ---- step checkpoints ------------------------------------------------------------------------

-- name: step_get
SELECT result::text FROM {schema}.job_steps WHERE job_id = :job_id AND name = :name

-- name: step_record
-- In the step's own transaction, after its work: the record commits with the work or not at all. The
-- fence is the job running this attempt; ON CONFLICT DO NOTHING waits for another attempt inserting the
-- same step and then inserts nothing if that one committed (the caller tells the two cases apart).
INSERT INTO {schema}.job_steps (job_id, name, result, attempt)
SELECT :job_id, :name, :result::jsonb, :attempt
WHERE EXISTS (SELECT 1 FROM {schema}.jobs WHERE id = :job_id AND attempt = :attempt AND state = 'running')
ON CONFLICT DO NOTHING

-- ---- table upkeep where autovacuum is off ----------------------------------------------------

-- name: upkeep_due
-- The schema's tables that autovacuum will not vacuum (off for the server, or for the table) and
-- whose dead rows passed 1,000 + 1% of their live rows (the jobs table's own autovacuum setting).
SELECT s.relname
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
WHERE s.schemaname = :schema
  AND s.n_dead_tup > 1000 + 0.01 * s.n_live_tup
  AND (current_setting('autovacuum') = 'off'
       OR EXISTS (SELECT 1 FROM pg_options_to_table(c.reloptions) o
                  WHERE o.option_name = 'autovacuum_enabled' AND o.option_value IN ('false', 'off', '0', 'no')))
ORDER BY s.n_dead_tup DESC
