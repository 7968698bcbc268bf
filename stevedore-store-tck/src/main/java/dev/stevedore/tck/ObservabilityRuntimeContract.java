package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobKind;
import dev.stevedore.Outcome;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's observability on a real store: Micrometer meters fed by the event bus and by cached store
 * reads, and OpenTelemetry spans continuing the enqueue's trace. Every store module subclasses this.
 * (The MDC does not depend on the store: the SQLite module's {@code JobMdcTest} checks it with a real
 * logging backend.)
 */
public abstract class ObservabilityRuntimeContract {
    private static final Duration WAIT = RuntimeContract.WAIT;

    @JobKind("tck.obs.work")
    public record Work(String key, String how) {}

    private StoreFixture fixture;
    private Stevedore node;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUpFixture() {
        fixture = createFixture();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        if (node != null) {
            node.stop();
        }
        fixture.close();
        GlobalOpenTelemetry.resetForTest();
    }

    private Stevedore startNode(Consumer<StevedoreBuilder> extra) {
        StevedoreBuilder builder = FastTimings.builder(fixture.store())
                .defaultRetry(RetryPolicy.fixed(Duration.ofMillis(10)))
                .meterRegistry(registry)
                .gaugeRefresh(Duration.ofMillis(100))
                .handle(Work.class, (ctx, job) -> {
                    int run = runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                    switch (job.how()) {
                        case "ok" -> { }
                        case "fail-once" -> {
                            if (run == 1) throw new IOException("flaky downstream");
                        }
                        case "discard" -> throw Outcome.discard("cannot ever work");
                        case "block" -> {
                            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                        }
                        default -> throw new IllegalStateException("unknown behaviour " + job.how());
                    }
                })
                .queue("default", q -> q.concurrency(4))
                .queue("other", q -> q.concurrency(2));
        extra.accept(builder);
        node = builder.build();
        node.start();
        return node;
    }

    private double jobs(String queue, String outcome) {
        Counter counter = registry.find("stevedore.jobs").tags("kind", "tck.obs.work", "queue", queue, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    @Test
    void outcomesAreCountedAndTimedByKindQueueAndOutcome() {
        Stevedore node = startNode(b -> {});
        node.enqueue(new Work("a", "ok"));
        node.enqueue(new Work("b", "ok"));
        node.enqueue(new Work("c", "fail-once"), o -> o.queue("other"));
        node.enqueue(new Work("d", "discard"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(jobs("default", "completed")).isEqualTo(2);
            assertThat(jobs("other", "retried")).isEqualTo(1);
            assertThat(jobs("other", "completed")).isEqualTo(1);
            assertThat(jobs("default", "discarded")).isEqualTo(1);
        });
        assertThat(jobs("default", "retried")).isZero();
        Timer completed = registry.find("stevedore.job.duration")
                .tags("kind", "tck.obs.work", "queue", "default", "outcome", "completed").timer();
        assertThat(completed).isNotNull();
        assertThat(completed.count()).isEqualTo(2);
        // Five executions started (c twice); each start records its latency once.
        long latencies = registry.find("stevedore.job.latency").timers().stream().mapToLong(Timer::count).sum();
        assertThat(latencies).isEqualTo(5);
        // No tag carries an id or the arguments.
        registry.getMeters().forEach(meter -> assertThat(meter.getId().getTags())
                .allSatisfy(tag -> assertThat(tag.getKey()).isIn("kind", "queue", "outcome", "state")));
    }

    @Test
    void latencyIsTheTimeFromDueToStartByTheStoreClock() {
        Stevedore node = startNode(b -> {});
        node.pauseQueue("other");
        node.enqueue(new Work("late", "ok"), o -> o.queue("other"));
        // The job waits in a paused queue: its latency is at least this wait.
        await().pollDelay(Duration.ofMillis(700)).atMost(WAIT).until(() -> runs.isEmpty());
        node.resumeQueue("other");
        await().atMost(WAIT).until(() -> jobs("other", "completed") == 1);
        Timer latency = registry.find("stevedore.job.latency").tags("kind", "tck.obs.work", "queue", "other").timer();
        assertThat(latency).isNotNull();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isBetween(650.0, WAIT.toMillis() * 1.0);
    }

    @Test
    void gaugesShowQueueDepthLiveNodesAndJobsRunningHere() {
        Stevedore node = startNode(b -> {});
        node.pauseQueue("default");
        node.enqueueMany(List.of(new Work("p1", "ok"), new Work("p2", "ok"), new Work("p3", "ok")), o -> { });
        node.enqueue(new Work("blocker", "block"), o -> o.queue("other"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge("stevedore.queue.jobs", "queue", "default", "state", "available")).isEqualTo(3);
            assertThat(gauge("stevedore.queue.jobs", "queue", "other", "state", "running")).isEqualTo(1);
            assertThat(gauge("stevedore.node.running")).isEqualTo(1);
            assertThat(gauge("stevedore.nodes.alive")).isEqualTo(1);
        });
        assertThat(gauge("stevedore.breakers.open")).isZero();

        release.countDown();
        node.resumeQueue("default");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge("stevedore.queue.jobs", "queue", "default", "state", "available")).isZero();
            assertThat(gauge("stevedore.queue.jobs", "queue", "default", "state", "completed")).isEqualTo(3);
            assertThat(gauge("stevedore.queue.jobs", "queue", "other", "state", "running")).isZero();
            assertThat(gauge("stevedore.node.running")).isZero();
        });
    }

    @Test
    void theBreakerGaugeCountsBreakersThatOpened() {
        Stevedore node = startNode(b -> b.breaker("downstream", br -> br.kinds(Work.class)
                .openAfter(2, Duration.ofMinutes(1)).coolDown(Duration.ofMinutes(1))));
        assertThat(gauge("stevedore.breakers.open")).isZero();
        node.enqueueMany(List.of(new Work("f1", "fail-once"), new Work("f2", "fail-once")), o -> { });
        await().atMost(WAIT).untilAsserted(() -> assertThat(gauge("stevedore.breakers.open")).isEqualTo(1));
    }

    @Test
    void aClosedNodeTakesItsGaugesAwaySoTheNextNodeOnTheRegistryShowsItsOwn() {
        Stevedore first = FastTimings.builder(fixture.secondStore()).meterRegistry(registry)
                .handle(Work.class, (ctx, job) -> { }).queue("default").build();
        first.start();
        assertThat(registry.find("stevedore.node.running").gauge()).isNotNull();
        first.close();
        assertThat(registry.find("stevedore.node.running").gauge()).isNull();
        assertThat(registry.find("stevedore.queue.jobs").gauges()).isEmpty();

        Stevedore node = startNode(b -> {});
        node.enqueue(new Work("blocker", "block"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge("stevedore.node.running")).isEqualTo(1);
            assertThat(gauge("stevedore.queue.jobs", "queue", "default", "state", "running")).isEqualTo(1);
        });
    }

    @Test
    void theJobsSpanContinuesTheTraceOfItsEnqueue() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .buildAndRegisterGlobal();
        Stevedore node = startNode(b -> {});
        Span request = otel.getTracer("test").spanBuilder("http request").startSpan();
        long id;
        try (Scope scope = request.makeCurrent()) {
            id = node.enqueue(new Work("t", "fail-once")).id();
        } finally {
            request.end();
        }
        assertThat(node.job(id).orElseThrow().metadata()).containsKey("traceparent");

        await().atMost(WAIT).until(() -> exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("tck.obs.work")).count() == 2);
        List<SpanData> jobSpans = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("tck.obs.work")).toList();
        assertThat(jobSpans).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(span.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(span.getAttributes().get(AttributeKey.longKey("stevedore.job.id"))).isEqualTo(id);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("stevedore.queue"))).isEqualTo("default");
        });
        assertThat(jobSpans).extracting(s -> s.getAttributes().get(AttributeKey.stringKey("stevedore.outcome")))
                .containsExactlyInAnyOrder("retried", "completed");
        assertThat(jobSpans).extracting(s -> s.getAttributes().get(AttributeKey.longKey("stevedore.attempt")))
                .containsExactlyInAnyOrder(1L, 2L);
        otel.close();
    }

    @Test
    void withoutAnSdkNothingIsAddedToTheJob() {
        Stevedore node = startNode(b -> {});
        long id = node.enqueue(new Work("plain", "ok"), o -> o.meta("tenant", "acme")).id();
        await().atMost(WAIT).until(() -> jobs("default", "completed") == 1);
        assertThat(node.job(id).orElseThrow().metadata()).isEqualTo(Map.of("tenant", "acme"));
    }
}
