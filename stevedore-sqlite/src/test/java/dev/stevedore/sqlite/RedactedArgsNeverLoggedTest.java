package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.stevedore.AttemptError;
import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.NewJob;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Redacted argument fields never reach the logs, nor the stored errors and failure records an operator
 * reads, whatever way a job fails: the handler throws until the job is discarded, its stored arguments
 * do not decode (the redacted field holding the wrong type), its kind has no handler, or the enqueue is
 * refused. Everything Stevedore and its libraries log at DEBUG and above is captured by a logback
 * {@link ListAppender} on the root logger, the backend this module's tests use.
 */
class RedactedArgsNeverLoggedTest {
    private static final String PASSWORD = "pw-Tr0ub4dor-3-secret";
    private static final String CARD = "4111-secret-card-9999";
    private static final Logger ROOT = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @JobKind("secret.signup")
    public record Card(long number, String holder) {}

    @JobKind("secret.signup")
    public record Signup(String email, String password, Card card) {}

    private final SqliteFixture fixture = new SqliteFixture();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level rootLevel;

    @BeforeEach
    void capture() {
        rootLevel = ROOT.getLevel();
        ROOT.setLevel(Level.DEBUG);
        appender.start();
        ROOT.addAppender(appender);
    }

    @AfterEach
    void release() {
        ROOT.detachAppender(appender);
        ROOT.setLevel(rootLevel);
        fixture.close();
    }

    @Test
    void noFailurePathLogsOrStoresARedactedValue() {
        Stevedore node = Stevedore.builder()
                .store(fixture.store())
                .pollInterval(Duration.ofMillis(50))
                .redact("password", "card.number")
                .defaultRetry(RetryPolicy.fixed(Duration.ofMillis(10)))
                .handle(Signup.class, (ctx, job) -> {
                    throw new IOException("mail server refused the signup of " + job.email());
                }, k -> k.queue("signup").maxAttempts(2))
                .queue("signup")
                .build();
        List<Long> ids = new ArrayList<>();
        try {
            node.start();
            ids.add(node.enqueue(new Signup("a@example.com", PASSWORD, new Card(4111, "A. Holder"))).id());
            // As another language would store it: the redacted card number is text, where the record wants a long.
            ids.add(insert("secret.signup", "{\"email\":\"b@example.com\",\"password\":\"" + PASSWORD + "\",\"card\":{\"number\":\""
                    + CARD + "\",\"holder\":\"B\"}}"));
            ids.add(insert("secret.signup", "{\"email\":\"c@example.com\",\"password\":" + PASSWORD + "}"));
            ids.add(insert("secret.unhandled", "{\"password\":\"" + PASSWORD + "\"}"));
            assertThatThrownBy(() -> node.enqueue(new Signup(PASSWORD + "\0", PASSWORD, new Card(1, "x"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(PASSWORD);

            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().map(id -> node.job(id).orElseThrow().state())
                    .allMatch(s -> s == JobState.DISCARDED || s == JobState.HELD));
            await().atMost(Duration.ofSeconds(30)).until(() -> node.failures(FailureQuery.newest(100)).size() >= 4);

            List<String> stored = new ArrayList<>();
            for (long id : ids) {
                Job job = node.job(id).orElseThrow();
                for (AttemptError error : job.errors()) {
                    stored.add(error.errorClass() + ": " + error.message() + "\n" + error.stack());
                }
            }
            for (Failure failure : node.failures(FailureQuery.newest(100))) {
                stored.add(failure.args() + "\n" + failure.message() + "\n" + failure.stack());
            }
            assertThat(stored).as("errors were stored").hasSizeGreaterThanOrEqualTo(5)
                    .anySatisfy(s -> assertThat(s).contains("field card.number cannot be read as long"))
                    .anySatisfy(s -> assertThat(s).contains("no handler for kind \"secret.unhandled\""));
            assertThat(stored).allSatisfy(s -> assertThat(s).doesNotContain(PASSWORD).doesNotContain(CARD));
        } finally {
            node.stop();
        }
        List<String> logged = appender.list.stream().map(RedactedArgsNeverLoggedTest::everything).toList();
        // The appender saw the node's own lines (failures themselves go to records and events, not the log).
        assertThat(logged).as("captured").anySatisfy(line -> assertThat(line).contains("dev.stevedore.WorkerNode node")
                .contains("started"));
        assertThat(logged).allSatisfy(line -> assertThat(line).doesNotContain(PASSWORD).doesNotContain(CARD));
    }

    private long insert(String kind, String args) {
        return fixture.store().jobInsertMany(List.of(new NewJob(kind, "signup", args, 0, 2, JobState.AVAILABLE, null,
                Duration.ZERO, null, List.of(), Map.of()))).get(0);
    }

    /** An event's message, arguments, MDC and every throwable in it (causes, suppressed, frames). */
    private static String everything(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage())
                .append(' ').append(event.getMDCPropertyMap());
        appendThrowable(out, event.getThrowableProxy());
        return out.toString();
    }

    private static void appendThrowable(StringBuilder out, IThrowableProxy proxy) {
        if (proxy == null) {
            return;
        }
        out.append('\n').append(proxy.getClassName()).append(": ").append(proxy.getMessage());
        for (StackTraceElementProxy frame : proxy.getStackTraceElementProxyArray()) {
            out.append("\n\tat ").append(frame.getSTEAsString());
        }
        appendThrowable(out, proxy.getCause());
        for (IThrowableProxy suppressed : proxy.getSuppressed()) {
            appendThrowable(out, suppressed);
        }
    }
}
