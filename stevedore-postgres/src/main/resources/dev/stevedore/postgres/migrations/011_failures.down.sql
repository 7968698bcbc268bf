-- Reverts version 11.
DROP TABLE IF EXISTS {schema}.issues;
DROP TABLE IF EXISTS {schema}.failures;
