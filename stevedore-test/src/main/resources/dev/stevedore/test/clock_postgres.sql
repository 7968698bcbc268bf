-- The test's clock for a PostgreSQL store (PostgresTestStore). {schema} is the clock's own schema,
-- <store schema>_clock, which the store's connections put before pg_catalog on their search path.

-- name: create_schema
CREATE SCHEMA {schema}

-- name: create_shift
CREATE TABLE {schema}.shift (shift interval NOT NULL)

-- name: insert_shift
INSERT INTO {schema}.shift VALUES (interval '0')

-- name: create_now
-- now() as PostgreSQL's own plus the test's shift: STABLE like now(), read per statement.
CREATE FUNCTION {schema}.now() RETURNS timestamptz LANGUAGE sql STABLE AS
$$ SELECT pg_catalog.now() + (SELECT shift FROM {schema}.shift) $$

-- name: create_clock_timestamp
CREATE FUNCTION {schema}.clock_timestamp() RETURNS timestamptz LANGUAGE sql STABLE AS
$$ SELECT pg_catalog.clock_timestamp() + (SELECT shift FROM {schema}.shift) $$

-- name: set_shift
UPDATE {schema}.shift SET shift = :micros::bigint * interval '1 microsecond'

-- name: drop_schema
DROP SCHEMA IF EXISTS {schema} CASCADE
