-- Stevedore schema, version 19: waiting jobs counted from an index alone (queue_counts). Counting the
-- scheduled and retryable jobs per queue through jobs_staging_idx, which holds only their due times,
-- read each job's row for its queue and state: 1.2 s for 200,000 waiting jobs in a file of 10 million.
-- This index holds both, in the order the count groups by. Jobs enqueued to run at once never enter it.
CREATE INDEX jobs_waiting_counts_idx ON jobs (queue, state) WHERE state IN ('scheduled', 'retryable');
