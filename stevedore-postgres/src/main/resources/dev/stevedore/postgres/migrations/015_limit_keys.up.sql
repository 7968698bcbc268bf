-- Stevedore schema, version 15: a job's concurrency keys live on its row, and the row is the hold.
--
-- limit_keys are the keys of the concurrency limits the job falls under (NULL for none), written at
-- enqueue by a node that knows the limits, or by the first claim of a node that does. A running job
-- holds its keys for as long as it is running, and every way out of running (completion, retry, rescue,
-- cancel, hand-back) releases the hold by itself. This replaces limit_holds, whose rows cost an insert
-- and a delete per job.
--
-- No index of its own: a limited claim counts the holders of its keys among the running jobs, which it
-- reads through jobs_running_idx (see claim_holders). Measured on a drain under a per-key mutex, an
-- index on the keys cost more than it saved at one node's scale: every claimed job is an index insert
-- (a GIN on the array, with or without its pending list, cost most; a B-tree on the first key was not
-- chosen by the planner over jobs_running_idx anyway), while the read touches only what runs.
ALTER TABLE {schema}.jobs ADD COLUMN limit_keys text[];

DROP TABLE {schema}.limit_holds;
