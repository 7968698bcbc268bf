-- Node health with each heartbeat: see the PostgreSQL migration of the same number. oldest_job_since
-- is epoch milliseconds.
ALTER TABLE nodes ADD COLUMN heap_used INTEGER NOT NULL DEFAULT -1;
ALTER TABLE nodes ADD COLUMN heap_max INTEGER NOT NULL DEFAULT -1;
ALTER TABLE nodes ADD COLUMN rss INTEGER NOT NULL DEFAULT -1;
ALTER TABLE nodes ADD COLUMN oldest_job_id INTEGER;
ALTER TABLE nodes ADD COLUMN oldest_job_since INTEGER;
