CREATE TABLE {schema}.limit_holds (
    key     text    NOT NULL,
    job_id  bigint  NOT NULL,
    attempt integer NOT NULL,
    PRIMARY KEY (key, job_id)
);
DROP INDEX {schema}.jobs_limit_keys_idx;
ALTER TABLE {schema}.jobs DROP COLUMN limit_keys;
