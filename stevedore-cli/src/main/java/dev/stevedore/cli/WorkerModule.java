package dev.stevedore.cli;

import dev.stevedore.StevedoreBuilder;

/**
 * What an application jar gives {@code stevedore worker}: its handlers (and, if it likes, its queues
 * and retry rules).
 *
 * <p>Implementations have a public no-argument constructor and are listed in
 * {@code META-INF/services/dev.stevedore.cli.WorkerModule} of the jar passed with {@code --classpath};
 * the worker finds them with {@link java.util.ServiceLoader}. The worker sets the store from
 * {@code --database} before calling {@link #configure}, and adds the queues given with {@code --queue}
 * after. See {@code docs/worker.md}.
 *
 * <pre>{@code
 * public final class MailJobs implements WorkerModule {
 *     public void configure(StevedoreBuilder builder) {
 *         builder.handle(SendEmail.class, new SendEmailHandler(Mailer.fromEnvironment()))
 *                .queue("mail", q -> q.concurrency(20));
 *     }
 * }
 * }</pre>
 */
public interface WorkerModule {
    /** Registers this module's handlers, and optionally queues, listeners and error rules. */
    void configure(StevedoreBuilder builder);
}
