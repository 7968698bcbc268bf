DROP TABLE IF EXISTS cron_schedules;
