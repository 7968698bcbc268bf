package dev.stevedore.examples.spring;

import dev.stevedore.spring.StevedoreJob;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Sends welcome e-mails: a handler as a bean method. (Here "sending" marks the account welcomed.) */
@Component
public class WelcomeMailer {
    private final JdbcClient jdbc;

    public WelcomeMailer(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @StevedoreJob(queue = "mail")
    public void send(WelcomeEmail job) {
        jdbc.sql("UPDATE account SET welcomed_at = now() WHERE id = ?").param(job.accountId()).update();
    }
}
