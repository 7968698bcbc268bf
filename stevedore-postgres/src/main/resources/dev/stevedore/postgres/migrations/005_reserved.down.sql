-- Placeholder for version 005: nothing to revert (see 005_reserved.up.sql).
SELECT 1;
