DROP TABLE IF EXISTS {schema}.cron_schedules;
