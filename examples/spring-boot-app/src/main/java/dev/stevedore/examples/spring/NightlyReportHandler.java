package dev.stevedore.examples.spring;

import dev.stevedore.JobContext;
import dev.stevedore.JobHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Counts the accounts of the last day: a handler as a bean implementing {@link JobHandler}. */
@Component
public class NightlyReportHandler implements JobHandler<NightlyReport> {
    private final JdbcClient jdbc;

    public NightlyReportHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void handle(JobContext ctx, NightlyReport job) {
        long signUps = jdbc.sql("SELECT count(*) FROM account WHERE created_at > now() - interval '1 day'")
                .query(Long.class).single();
        ctx.output(new Summary(job.region(), signUps));
    }

    /** The report, stored as the job's output. */
    public record Summary(String region, long signUps) {}
}
