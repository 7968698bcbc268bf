-- Placeholder for version 006: nothing to revert (see 006_reserved.up.sql).
SELECT 1;
