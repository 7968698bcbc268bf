-- A running batch's tally goes with the column: its counts are cleared so that reads count it again.
UPDATE {schema}.batches SET total = NULL, completed = NULL, failed = NULL, cancelled = NULL
WHERE finished_at IS NULL;
ALTER TABLE {schema}.batches DROP COLUMN tallied_at;
