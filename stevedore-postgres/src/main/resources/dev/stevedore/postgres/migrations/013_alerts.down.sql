-- Reverts version 13.
DROP INDEX IF EXISTS {schema}.issues_regressed_idx;
ALTER TABLE {schema}.issues DROP COLUMN IF EXISTS opened_by;
DROP TABLE IF EXISTS {schema}.alerts;
