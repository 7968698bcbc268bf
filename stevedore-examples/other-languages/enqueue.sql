-- Enqueue Stevedore jobs from psql (or any SQL client) through the schema's enqueue() function.
--
--     psql "postgresql://127.0.0.1:5432/app?user=app" -v schema=stevedore -f enqueue.sql
--
-- Each call returns the job's id and whether it was created (false: a job with the same unique_key
-- is unfinished, and job_id is that job). Workers are woken when the transaction commits.
\set ON_ERROR_STOP on
BEGIN;
SELECT job_id, created
FROM :"schema".enqueue('email.send', '{"to": "ada@example.com", "template": "welcome"}',
                        queue => 'mail', tags => ARRAY['signup'], unique_key => 'welcome-ada@example.com');
-- A report tomorrow at 06:00 UTC, at high priority.
SELECT job_id, created
FROM :"schema".enqueue('report.nightly', '{"day": "yesterday"}',
                        run_at => date_trunc('day', now()) + interval '1 day 6 hours', priority => 10);
COMMIT;
