-- stevedore migrate-store (StoreMove): what it reads from the SQLite file, which it only reads.
-- :states is a JSON array of state names.

-- name: movable_jobs
-- Jobs of batches that have not finished stay behind: their batch (callbacks, tally) does not move.
SELECT j.*
FROM jobs j
WHERE j.state IN (SELECT value FROM json_each(:states))
  AND (j.batch_id IS NULL OR EXISTS (SELECT 1 FROM batches b WHERE b.id = j.batch_id AND b.finished_at IS NOT NULL))
ORDER BY j.id

-- name: jobs_in_open_batches
SELECT count(*)
FROM jobs j
WHERE j.state IN (SELECT value FROM json_each(:states))
  AND j.batch_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = j.batch_id AND b.finished_at IS NOT NULL)

-- name: cron_schedules
SELECT * FROM cron_schedules ORDER BY name
