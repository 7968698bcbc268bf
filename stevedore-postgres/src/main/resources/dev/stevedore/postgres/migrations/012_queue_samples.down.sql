-- Reverts version 12.
ALTER TABLE {schema}.nodes DROP COLUMN IF EXISTS queue_settings;
DROP TABLE IF EXISTS {schema}.queue_samples;
