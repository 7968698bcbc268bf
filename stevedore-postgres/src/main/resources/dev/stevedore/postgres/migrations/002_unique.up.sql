-- Unique jobs. unique_key is the runtime's hash of the compared values (plus ":<period bucket>");
-- unique_states lists, as ",state,state,", the states in which the row refuses a duplicate. The
-- index covers only rows whose current state is in their own list, so a job leaves it when it moves
-- to a state its uniqueness does not cover (say, completed without a period): a duplicate may then be
-- inserted. Both columns are NULL for ordinary jobs, which the index never holds. Adding nullable
-- columns without a default rewrites nothing.
ALTER TABLE {schema}.jobs ADD COLUMN unique_key text, ADD COLUMN unique_states text;

CREATE UNIQUE INDEX jobs_unique_idx ON {schema}.jobs (unique_key)
    WHERE unique_key IS NOT NULL AND position(',' || state || ',' IN unique_states) > 0;
