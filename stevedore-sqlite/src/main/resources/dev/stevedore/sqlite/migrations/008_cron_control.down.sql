-- Reverts version 8.
DROP TABLE IF EXISTS fan_outs;
DROP TABLE IF EXISTS cron_runs;
ALTER TABLE cron_schedules DROP COLUMN queued_tick_at;
ALTER TABLE cron_schedules DROP COLUMN last_outcome_at;
ALTER TABLE cron_schedules DROP COLUMN last_outcome_job_id;
ALTER TABLE cron_schedules DROP COLUMN last_outcome;
ALTER TABLE cron_schedules DROP COLUMN consecutive_failures;
ALTER TABLE cron_schedules DROP COLUMN disabled_reason;
ALTER TABLE cron_schedules DROP COLUMN disabled_at;
ALTER TABLE cron_schedules DROP COLUMN edited_at;
ALTER TABLE cron_schedules DROP COLUMN declared_zone;
ALTER TABLE cron_schedules DROP COLUMN declared_expression;
