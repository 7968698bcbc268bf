DROP INDEX {schema}.jobs_quarantined_idx;
ALTER TABLE {schema}.jobs DROP COLUMN quarantined_at;
ALTER TABLE {schema}.jobs DROP COLUMN crashed_at;
