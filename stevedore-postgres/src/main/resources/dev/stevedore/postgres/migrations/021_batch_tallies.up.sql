-- Stevedore schema, version 21: tallies of large running batches.
--
-- A running batch was counted on every read (batch_get, batch_list): one range of jobs_batch_idx per
-- read, which for a batch of 1.4 million jobs took the dashboard's batch pages to 213-502 ms. A batch
-- that a read finds to hold 100,000 units or more now keeps the counts it read in total … cancelled,
-- and tallied_at says when they were taken; reads of it use them, and the leader's batch sweep counts
-- it again about every 10 s. Null for a batch counted at each read. The finish writes the final tally
-- over them, as before; tallied_at means nothing once finished_at is set.
ALTER TABLE {schema}.batches ADD COLUMN tallied_at timestamptz;
