-- Reverts version 11.
DROP TABLE IF EXISTS issues;
DROP TABLE IF EXISTS failures;
