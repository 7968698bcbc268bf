-- Reverts version 1. Dropping a table drops its indexes and its sqlite_sequence row.
DROP TABLE IF EXISTS leader;
DROP TABLE IF EXISTS nodes;
DROP TABLE IF EXISTS jobs;
