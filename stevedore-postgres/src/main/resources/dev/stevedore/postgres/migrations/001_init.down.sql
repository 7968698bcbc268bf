-- Reverts version 1. The schema itself is dropped by the migrator once it is empty.
DROP TABLE IF EXISTS {schema}.leader;
DROP TABLE IF EXISTS {schema}.nodes;
DROP TABLE IF EXISTS {schema}.jobs;
