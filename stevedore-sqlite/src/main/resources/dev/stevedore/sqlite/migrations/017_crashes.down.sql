DROP INDEX jobs_quarantined_idx;
ALTER TABLE jobs DROP COLUMN quarantined_at;
ALTER TABLE jobs DROP COLUMN crashed_at;
