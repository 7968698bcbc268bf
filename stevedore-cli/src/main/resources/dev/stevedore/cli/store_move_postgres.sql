-- stevedore migrate-store (StoreMove): what it writes into the PostgreSQL schema. Times arrive as
-- SQLite's epoch milliseconds.

-- name: moved_markers
-- Where each job moved by an earlier run came from (its metadata's marker).
SELECT metadata ->> :marker AS marker FROM {schema}.jobs WHERE metadata ->> :marker IS NOT NULL

-- name: insert_jobs
-- One batch of jobs as a JSON array of rows, one transaction. A row whose unique key an unfinished job
-- holds is skipped (ON CONFLICT DO NOTHING); RETURNING says which went in.
INSERT INTO {schema}.jobs (kind, queue, state, priority, args, attempt, max_attempts, created_at, scheduled_at,
                           attempted_at, attempted_by, finished_at, timeout_ms, tags, metadata, errors,
                           error_category, progress_percent, progress_message, output, cancel_requested_at,
                           cancel_reason, start_by, deadline_at, heartbeat_timeout_ms, unique_key, unique_states,
                           limit_keys)
SELECT r.kind, r.queue, r.state, r.priority, r.args, r.attempt, r.max_attempts,
       timestamptz 'epoch' + r.created_at * interval '1 millisecond',
       timestamptz 'epoch' + r.scheduled_at * interval '1 millisecond',
       timestamptz 'epoch' + r.attempted_at * interval '1 millisecond',
       r.attempted_by,
       timestamptz 'epoch' + r.finished_at * interval '1 millisecond',
       r.timeout_ms, r.tags, r.metadata, r.errors, r.error_category, r.progress_percent, r.progress_message,
       r.output,
       timestamptz 'epoch' + r.cancel_requested_at * interval '1 millisecond',
       r.cancel_reason,
       timestamptz 'epoch' + r.start_by * interval '1 millisecond',
       timestamptz 'epoch' + r.deadline_at * interval '1 millisecond',
       r.heartbeat_timeout_ms, r.unique_key, r.unique_states,
       (SELECT array_agg(k) FROM jsonb_array_elements_text(r.limit_keys) AS k)
FROM jsonb_to_recordset(:rows::jsonb) AS r(
       kind text, queue text, state text, priority integer, args jsonb, attempt integer, max_attempts integer,
       created_at bigint, scheduled_at bigint, attempted_at bigint, attempted_by text, finished_at bigint,
       timeout_ms bigint, tags jsonb, metadata jsonb, errors jsonb, error_category text, progress_percent integer,
       progress_message text, output jsonb, cancel_requested_at bigint, cancel_reason text, start_by bigint,
       deadline_at bigint, heartbeat_timeout_ms bigint, unique_key text, unique_states text, limit_keys jsonb)
ON CONFLICT DO NOTHING
RETURNING queue, state

-- name: cron_names
SELECT name FROM {schema}.cron_schedules

-- name: insert_cron
-- The schedule with its last tick, so the target fires no tick the file already fired. The ids of its
-- last jobs are the file's and mean nothing here: left out.
INSERT INTO {schema}.cron_schedules (name, expression, zone, last_tick_at, next_tick_at, updated_at,
                                     declared_expression, declared_zone, edited_at, disabled_at, disabled_reason,
                                     consecutive_failures, last_outcome, last_outcome_at)
VALUES (:name, :expression, :zone,
        timestamptz 'epoch' + :last_tick_at::bigint * interval '1 millisecond',
        timestamptz 'epoch' + :next_tick_at::bigint * interval '1 millisecond',
        timestamptz 'epoch' + :updated_at::bigint * interval '1 millisecond',
        :declared_expression, :declared_zone,
        timestamptz 'epoch' + :edited_at::bigint * interval '1 millisecond',
        timestamptz 'epoch' + :disabled_at::bigint * interval '1 millisecond',
        :disabled_reason, :consecutive_failures, :last_outcome,
        timestamptz 'epoch' + :last_outcome_at::bigint * interval '1 millisecond')
ON CONFLICT (name) DO NOTHING

-- name: notify
SELECT pg_notify(:channel, :queue)
