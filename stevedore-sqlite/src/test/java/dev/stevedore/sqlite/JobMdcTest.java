package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stevedore.JobEvent;
import dev.stevedore.JobKind;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * While a handler runs, its log events carry the job in the SLF4J MDC: id, kind, queue and the attempt
 * of that execution. Checked with logback's {@link ListAppender}: slf4j-simple has no MDC.
 */
class JobMdcTest {
    private static final Logger HANDLER_LOG = (Logger) LoggerFactory.getLogger("test.handler");

    @JobKind("mdc.flaky")
    public record Flaky(String key) {}

    private final SqliteFixture fixture = new SqliteFixture();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<JobEvent> completed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void capture() {
        appender.start();
        HANDLER_LOG.addAppender(appender);
    }

    @AfterEach
    void release() {
        HANDLER_LOG.detachAppender(appender);
        fixture.close();
    }

    @Test
    void handlerLogsCarryTheJobAndItsAttempt() {
        AtomicInteger runs = new AtomicInteger();
        Stevedore node = Stevedore.builder()
                .store(fixture.store())
                .pollInterval(Duration.ofMillis(50))
                .defaultRetry(RetryPolicy.fixed(Duration.ofMillis(10)))
                .listener(event -> {
                    if (event.type() == JobEvent.Type.COMPLETED) {
                        completed.add(event);
                    }
                })
                .handle(Flaky.class, (ctx, job) -> {
                    HANDLER_LOG.info("working on {}", job.key());
                    if (runs.incrementAndGet() == 1) {
                        throw new IOException("flaky downstream");
                    }
                }, k -> k.queue("mail"))
                .queue("mail")
                .build();
        try {
            node.start();
            long id = node.enqueue(new Flaky("k")).id();
            await().atMost(Duration.ofSeconds(20)).until(() -> completed.size() == 1);

            List<Map<String, String>> mdcs = appender.list.stream().map(ILoggingEvent::getMDCPropertyMap).toList();
            assertThat(mdcs).containsExactly(
                    Map.of("stevedore.job_id", Long.toString(id), "stevedore.kind", "mdc.flaky",
                            "stevedore.queue", "mail", "stevedore.attempt", "1"),
                    Map.of("stevedore.job_id", Long.toString(id), "stevedore.kind", "mdc.flaky",
                            "stevedore.queue", "mail", "stevedore.attempt", "2"));
        } finally {
            node.stop(); // the fixture closes the store
        }
    }
}
