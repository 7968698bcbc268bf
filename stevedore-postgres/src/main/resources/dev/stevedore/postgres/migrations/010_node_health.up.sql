-- Stevedore schema, version 10: each node's health with its heartbeat (memory in bytes, -1 where
-- unknown; the job it has been running longest). Constant defaults: adding them rewrites no rows.
ALTER TABLE {schema}.nodes
    ADD COLUMN heap_used        bigint NOT NULL DEFAULT -1,
    ADD COLUMN heap_max         bigint NOT NULL DEFAULT -1,
    ADD COLUMN rss              bigint NOT NULL DEFAULT -1,
    ADD COLUMN oldest_job_id    bigint,
    ADD COLUMN oldest_job_since timestamptz;
