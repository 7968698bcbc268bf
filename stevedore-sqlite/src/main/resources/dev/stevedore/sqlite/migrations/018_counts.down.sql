DROP INDEX jobs_held_idx;
