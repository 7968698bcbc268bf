-- Stevedore schema, version 16: {schema}.enqueue(...), so programs in other languages (and psql) enqueue
-- jobs as a node does: the same checks as the Java API (kind and queue names, priority, attempts, tags,
-- argument size), the same unique keys as Unique.byKey, and the same wake-up (one NOTIFY on the
-- schema's channel when the job is ready, sent at commit, so a rolled-back enqueue wakes nobody).
--
-- Arguments are named as the columns they fill, so callers may use named notation
-- (SELECT * FROM stevedore.enqueue('email.send', '{"to":"a@example.com"}', queue => 'mail')).
-- In the body they are written enqueue.<name> so they are never mistaken for the columns.
--
-- unique_key: at most one unfinished job of this kind with this key, like Unique.byKey(key) in Java
-- (the stored key is the same digest, so a Java node and this function refuse each other's duplicates).
-- The answer says which happened: created false and job_id the job that holds the key.
--
-- The argument size limit is the Java default (1 MiB) unless the session sets stevedore.max_args_bytes.
CREATE FUNCTION {schema}.enqueue(
    kind         text,
    args         jsonb       DEFAULT '{}',
    queue        text        DEFAULT 'default',
    priority     integer     DEFAULT 0,
    run_at       timestamptz DEFAULT NULL,
    max_attempts integer     DEFAULT 20,
    tags         text[]      DEFAULT '{}',
    metadata     jsonb       DEFAULT '{}',
    unique_key   text        DEFAULT NULL
) RETURNS TABLE (job_id bigint, created boolean)
LANGUAGE plpgsql AS $$
DECLARE
    max_bytes  integer := coalesce(nullif(current_setting('stevedore.max_args_bytes', true), '')::integer, 1048576);
    ready      boolean := enqueue.run_at IS NULL OR enqueue.run_at <= now();
    stored_key text;
    states     text;
    tag        text;
BEGIN
    IF enqueue.kind IS NULL OR enqueue.kind !~ '^[A-Za-z0-9_.-]{1,128}$' THEN
        RAISE EXCEPTION 'kind must be 1-128 letters, digits, ''_'', ''.'' or ''-'', was %',
            coalesce(quote_literal(enqueue.kind), 'null') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF enqueue.queue IS NULL OR enqueue.queue !~ '^[A-Za-z0-9_.-]{1,64}$' THEN
        RAISE EXCEPTION 'queue must be 1-64 letters, digits, ''_'', ''.'' or ''-'', was %',
            coalesce(quote_literal(enqueue.queue), 'null') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF enqueue.args IS NULL OR jsonb_typeof(enqueue.args) <> 'object' THEN
        RAISE EXCEPTION 'args must be a JSON object (the job''s record), was %',
            coalesce(jsonb_typeof(enqueue.args), 'null') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF octet_length(enqueue.args::text) > max_bytes THEN
        RAISE EXCEPTION 'args are % bytes of JSON, over the limit of % (stevedore.max_args_bytes): pass a reference to the data instead',
            octet_length(enqueue.args::text), max_bytes USING ERRCODE = 'program_limit_exceeded';
    END IF;
    IF enqueue.priority IS NULL OR enqueue.priority NOT BETWEEN -100 AND 100 THEN
        RAISE EXCEPTION 'priority must be between -100 and 100, was %', coalesce(enqueue.priority::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF enqueue.max_attempts IS NULL OR enqueue.max_attempts NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'max_attempts must be between 1 and 1000, was %', coalesce(enqueue.max_attempts::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF enqueue.run_at > now() + interval '3650 days' THEN
        RAISE EXCEPTION 'run_at % is more than 10 years away', enqueue.run_at USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH tag IN ARRAY coalesce(enqueue.tags, '{}') LOOP
        IF tag IS NULL OR btrim(tag) = '' OR length(tag) > 100 THEN
            RAISE EXCEPTION 'each tag must be 1-100 characters, was %', coalesce(quote_literal(tag), 'null')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    IF enqueue.metadata IS NULL OR jsonb_typeof(enqueue.metadata) <> 'object'
            OR EXISTS (SELECT 1 FROM jsonb_each(enqueue.metadata) AS m WHERE jsonb_typeof(m.value) <> 'string') THEN
        RAISE EXCEPTION 'metadata must be a JSON object of strings' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF enqueue.unique_key IS NOT NULL THEN
        IF btrim(enqueue.unique_key) = '' OR length(enqueue.unique_key) > 1000 THEN
            RAISE EXCEPTION 'unique_key must be 1-1000 characters' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        -- The digest UniqueKeys computes for Unique.byKey: SHA-256 of "v1\0<kind>\0\0key\0<key>", first 16 bytes.
        stored_key := encode(substr(sha256(convert_to('v1', 'UTF8') || '\x00'::bytea || convert_to(enqueue.kind, 'UTF8')
                || '\x0000'::bytea || convert_to('key', 'UTF8') || '\x00'::bytea || convert_to(enqueue.unique_key, 'UTF8')),
                1, 16), 'hex');
        states := ',scheduled,available,running,retryable,held,';
    END IF;

    LOOP
        INSERT INTO {schema}.jobs AS j (kind, queue, args, priority, max_attempts, state, scheduled_at, tags,
                                        metadata, unique_key, unique_states)
        VALUES (enqueue.kind, enqueue.queue, enqueue.args, enqueue.priority, enqueue.max_attempts,
                CASE WHEN ready THEN 'available' ELSE 'scheduled' END, coalesce(enqueue.run_at, now()),
                to_jsonb(coalesce(enqueue.tags, '{}')), enqueue.metadata, stored_key, states)
        ON CONFLICT DO NOTHING
        RETURNING j.id INTO job_id;
        IF job_id IS NOT NULL THEN
            IF ready THEN
                PERFORM pg_notify('stevedore_{schema}', enqueue.queue);
            END IF;
            created := true;
            RETURN NEXT;
            RETURN;
        END IF;
        SELECT j.id INTO job_id FROM {schema}.jobs AS j
        WHERE j.unique_key = stored_key AND position(',' || j.state || ',' IN j.unique_states) > 0;
        IF job_id IS NOT NULL THEN
            created := false;
            RETURN NEXT;
            RETURN;
        END IF;
        -- The holder finished between the two statements: the key is free again, try once more.
    END LOOP;
END
$$;
