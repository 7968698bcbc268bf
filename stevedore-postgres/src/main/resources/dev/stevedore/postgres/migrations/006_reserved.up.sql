-- Placeholder: version 006 belongs to another branch that was not merged when batches (007) was
-- written, and the migrator needs versions without gaps. It changes nothing; when that branch merges,
-- its migration replaces this file (and the matching .down.sql) in index.txt.
SELECT 1;
