-- Reverts version 13.
DROP INDEX IF EXISTS issues_regressed_idx;
DROP TABLE IF EXISTS alerts;
