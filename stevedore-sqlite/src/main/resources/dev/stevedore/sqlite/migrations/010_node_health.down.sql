-- Reverts version 10: node health.
ALTER TABLE nodes DROP COLUMN oldest_job_since;
ALTER TABLE nodes DROP COLUMN oldest_job_id;
ALTER TABLE nodes DROP COLUMN rss;
ALTER TABLE nodes DROP COLUMN heap_max;
ALTER TABLE nodes DROP COLUMN heap_used;
