-- Stevedore schema, version 20: waiting jobs counted from their index alone, and listed in its order.
--
-- Counts per queue and state (019_counts) read scheduled and retryable jobs through jobs_staging_idx,
-- which held only their due time: each of up to :cap rows was then fetched from wherever it lies in
-- the table for its queue and state (measured at 10 million rows with 200,000 waiting: 1.1-1.3 s per
-- count, the dashboard's overview and queues pages). The index now carries both, so the count is an
-- index-only scan wherever the visibility map allows (waiting jobs sit unchanged until they are due).
-- Its key gains the id: the "next to run" job list orders by (scheduled_at, id), which is now the
-- index's own order. With scheduled_at alone, a generic plan (what a statement prepared on the server
-- gets after five executions) estimated one row and sorted all of them: 2.7 s for 200,000 waiting jobs,
-- against 1.1 ms read in index order. The stager and the deadline sweep read it by scheduled_at, as before.
-- Only waiting rows are in it, so the hot path (claim and completion of jobs that succeed) never
-- writes it.
CREATE INDEX jobs_staging_counts_idx ON {schema}.jobs (scheduled_at, id) INCLUDE (queue, state)
    WHERE state IN ('scheduled', 'retryable');
DROP INDEX {schema}.jobs_staging_idx;
ALTER INDEX {schema}.jobs_staging_counts_idx RENAME TO jobs_staging_idx;
