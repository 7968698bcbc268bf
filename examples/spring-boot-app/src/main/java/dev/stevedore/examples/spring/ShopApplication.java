package dev.stevedore.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop on Spring Boot with Stevedore: signing up stores an account and enqueues its welcome
 * e-mail in the same transaction ({@link Accounts}), a handler bean method sends it
 * ({@link WelcomeMailer}), a handler bean class writes the nightly report ({@link NightlyReportHandler})
 * on the cron schedule of application.properties. Run it against a PostgreSQL named by
 * {@code spring.datasource.url}.
 */
@SpringBootApplication
public class ShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
