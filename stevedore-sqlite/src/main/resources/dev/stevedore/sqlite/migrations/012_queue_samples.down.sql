-- Reverts version 12.
ALTER TABLE nodes DROP COLUMN queue_settings;
DROP TABLE IF EXISTS queue_samples;
