CREATE TABLE limit_holds (
    key     TEXT    NOT NULL,
    job_id  INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    PRIMARY KEY (key, job_id)
) WITHOUT ROWID;
DROP INDEX jobs_limit_keys_more_idx;
DROP INDEX jobs_limit_key_idx;
ALTER TABLE jobs DROP COLUMN limit_keys;
