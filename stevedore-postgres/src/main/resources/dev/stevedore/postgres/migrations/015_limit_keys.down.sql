CREATE TABLE {schema}.limit_holds (
    key     text    NOT NULL,
    job_id  bigint  NOT NULL,
    attempt integer NOT NULL,
    PRIMARY KEY (key, job_id)
);
ALTER TABLE {schema}.jobs DROP COLUMN limit_keys;
