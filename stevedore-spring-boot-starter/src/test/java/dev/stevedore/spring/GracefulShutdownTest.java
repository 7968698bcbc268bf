package dev.stevedore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.Enqueued;
import dev.stevedore.Job;
import dev.stevedore.JobContext;
import dev.stevedore.JobHandler;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spring.SqliteContext.Ping;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Closing the application context stops the node gracefully: running jobs get the grace, then are handed back. */
class GracefulShutdownTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    void closeWaitsForARunningJobWithinTheGraceAndStoresItsOutcome() throws Exception {
        Path file = dir.resolve("jobs.db");
        long[] id = new long[1];
        SqliteContext.on(file).withUserConfiguration(Blocking.class).withPropertyValues("stevedore.shutdown-grace=30s")
                .run(context -> {
                    Blocking.Handler handler = context.getBean(Blocking.Handler.class);
                    id[0] = startJob(context, handler);

                    Thread closer = Thread.ofPlatform().start(context::close);
                    // The node's stop has begun (it runs on this thread) and is waiting for the job.
                    await().atMost(PATIENCE).until(() -> threadNamed("stevedore-shutdown"));
                    assertThat(closer.isAlive()).isTrue();
                    handler.release.countDown();
                    closer.join(PATIENCE);
                    assertThat(closer.isAlive()).isFalse();
                    assertThat(handler.interrupted).isFalse();
                });
        try (SqliteStore store = SqliteStore.file(file)) {
            assertThat(store.jobGet(id[0]).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        }
    }

    @Test
    void jobStillRunningAfterTheGraceIsInterruptedAndHandedBack() throws Exception {
        Path file = dir.resolve("jobs.db");
        long[] id = new long[1];
        SqliteContext.on(file).withUserConfiguration(Blocking.class).withPropertyValues("stevedore.shutdown-grace=100ms")
                .run(context -> {
                    Blocking.Handler handler = context.getBean(Blocking.Handler.class);
                    id[0] = startJob(context, handler);

                    context.close(); // never released: only the interrupt ends the job

                    assertThat(handler.interrupted).isTrue();
                });
        try (SqliteStore store = SqliteStore.file(file)) {
            Job job = store.jobGet(id[0]).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
        }
    }

    private static long startJob(ConfigurableApplicationContext context, Blocking.Handler handler) throws InterruptedException {
        Enqueued job = context.getBean(Stevedore.class).enqueue(new Ping("wait"));
        assertThat(handler.started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return job.id();
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Configuration(proxyBeanMethods = false)
    static class Blocking {
        @Bean
        Handler blockingHandler() {
            return new Handler();
        }

        /** Runs until released; notes an interrupt. */
        static class Handler implements JobHandler<Ping> {
            final CountDownLatch started = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            volatile boolean interrupted;

            @Override
            public void handle(JobContext ctx, Ping ping) throws InterruptedException {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    throw e;
                }
            }
        }
    }
}
