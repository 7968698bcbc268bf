-- Stevedore schema, version 6: time limits of a job beyond the per-attempt timeout_ms. Nullable
-- columns without a default: adding them only changes the catalog, with no table rewrite.
--  * start_by: the job must start (be claimed for the first time) by then; scheduled_at plus the
--    enqueue's startWithin, on the database clock.
--  * deadline_at: the whole job, retries included, must be done by then.
--  * heartbeat_timeout_ms: the longest a running attempt may go without a heartbeat from its handler.
ALTER TABLE {schema}.jobs
    ADD COLUMN start_by             timestamptz,
    ADD COLUMN deadline_at          timestamptz,
    ADD COLUMN heartbeat_timeout_ms bigint;

-- The leader's expiry sweep (job_expire) reads these two. Each holds only jobs that set the limit and
-- are still waiting, so jobs without limits never enter them and a sweep costs two probes of tiny
-- indexes. Built inside the migration's transaction: on a large table this scans it once (with the new
-- columns all null, the indexes come out empty).
CREATE INDEX jobs_start_by_idx ON {schema}.jobs (start_by)
    WHERE start_by IS NOT NULL AND attempt = 0 AND state IN ('scheduled', 'available');
CREATE INDEX jobs_deadline_idx ON {schema}.jobs (deadline_at)
    WHERE deadline_at IS NOT NULL AND state IN ('scheduled', 'available', 'retryable');
