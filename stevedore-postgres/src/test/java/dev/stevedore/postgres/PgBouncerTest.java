package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.postgres.bouncer.PgBouncer;
import dev.stevedore.spi.QueueCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nodes behind PgBouncer in transaction mode: without LISTEN they find work by polling, each job runs
 * once; with {@code listenJdbcUrl} pointing past the pooler they are woken at once again.
 */
class PgBouncerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static PgBouncer bouncer;

    @JobKind("bouncer.note")
    record Note(int n) {}

    private final PostgresFixture fixture = new PostgresFixture(bouncer.url("prepareThreshold=0"),
            builder -> builder.notifications(false));
    private final List<Stevedore> nodes = new ArrayList<>();
    private final List<PostgresStore> stores = new ArrayList<>();

    @BeforeAll
    static void startBouncer() throws Exception {
        Assumptions.assumeTrue(PgBouncer.installed(), PgBouncer.MISSING);
        bouncer = PgBouncer.start(4);
    }

    @AfterAll
    static void stopBouncer() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @AfterEach
    void close() {
        nodes.forEach(Stevedore::stop);
        stores.forEach(PostgresStore::close);
        fixture.close();
    }

    private Stevedore node(dev.stevedore.spi.Store store, String id, Duration poll, Map<Long, AtomicInteger> runs,
                           Map<String, AtomicInteger> byNode, CountDownLatch started) {
        Stevedore node = Stevedore.builder().store(store).nodeId(id).pollInterval(poll)
                .queue("default", q -> q.concurrency(8))
                .handle(Note.class, (ctx, job) -> {
                    runs.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet();
                    byNode.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    started.countDown();
                    Thread.sleep(20);
                })
                .build();
        nodes.add(node);
        node.start();
        return node;
    }

    @Test
    void twoNodesThatCannotListenDrainByPollingAndRunEachJobOnce() {
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byNode = new ConcurrentHashMap<>();
        CountDownLatch none = new CountDownLatch(0);
        node(fixture.store(), "quiet", Duration.ofMillis(100), runs, byNode, none);
        Stevedore enqueuer = node(fixture.secondStore(), "enqueuer", Duration.ofMillis(100), runs, byNode, none);

        // 500 jobs of 20 ms on 8 slots keep the enqueuing node busy for over a second: the other node,
        // which hears no notification at all, must find some by polling.
        List<Long> ids = enqueuer.enqueueMany(IntStream.range(0, 500).mapToObj(Note::new).toList(), o -> {})
                .stream().map(e -> e.id()).toList();
        await().atMost(WAIT).until(() -> fixture.store().queueCounts().equals(
                List.of(new QueueCount("default", JobState.COMPLETED, 500))));

        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(byNode.get("quiet")).as("jobs found by the node that only polls").isNotNull();
        assertThat(ids).allSatisfy(id -> assertThat(enqueuer.job(id).orElseThrow().attempt()).isEqualTo(1));
    }

    @Test
    void aNodeListeningPastThePoolerIsWokenByAnotherClientsEnqueue() throws Exception {
        PostgresStore listening = PostgresStore.builder().jdbcUrl(bouncer.url("prepareThreshold=0"))
                .schema(fixture.schema()).listenJdbcUrl(PgTestDatabase.url()).build();
        stores.add(listening);
        CountDownLatch started = new CountDownLatch(1);
        // A minute between polls: only the notification can start the job within the wait below.
        node(listening, "listening", Duration.ofMinutes(1), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), started);

        fixture.store().jobInsertMany(List.of(new dev.stevedore.spi.NewJob("bouncer.note", "default", "{\"n\":1}", 0, 3,
                JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of())));

        assertThat(started.await(20, TimeUnit.SECONDS)).as("started by the NOTIFY sent through the pooler").isTrue();
    }

    @Test
    void notificationsOffAndAListenUrlContradictEachOther() {
        assertThatThrownBy(() -> PostgresStore.builder().jdbcUrl(PgTestDatabase.url()).notifications(false)
                .listenJdbcUrl(PgTestDatabase.url()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("choose one");
        assertThatThrownBy(() -> PostgresStore.builder().listenJdbcUrl("jdbc:mysql://127.0.0.1/test?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with jdbc:postgresql:").hasMessageNotContaining("secret");
    }
}
