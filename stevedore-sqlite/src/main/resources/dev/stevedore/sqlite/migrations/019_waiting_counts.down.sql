DROP INDEX jobs_waiting_counts_idx;
