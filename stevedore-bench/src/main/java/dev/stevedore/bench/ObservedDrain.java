package dev.stevedore.bench;

import dev.stevedore.StevedoreBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything optional that observes a node, switched on for one drain: a Prometheus registry scraped
 * every second (far more often than a real scraper), and an OpenTelemetry SDK installed process-wide
 * that samples every job's span and batches it to an exporter that counts and drops it (so the
 * figure is the node's cost, not a collector's). Closing it uninstalls the SDK.
 */
final class ObservedDrain implements AutoCloseable {
    /** The parts that can be switched on: meters (a scraped registry), spans (an SDK), alerts (rules). */
    static final java.util.Set<String> PARTS = java.util.Set.of("meters", "spans", "alerts");
    static final String DESCRIPTION = "meters: a Prometheus registry scraped every second; spans: an OpenTelemetry"
            + " SDK recording every job's span (batched to an exporter that drops them); alerts: every kind of alert"
            + " rule evaluated every second (none fires)";
    /** Twenty times the default, so the rules run several times within one drain. */
    private static final Duration ALERT_EVERY = Duration.ofSeconds(1);
    private static final Duration SCRAPE_EVERY = Duration.ofSeconds(1);

    private final java.util.Set<String> parts;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong lastScrapeBytes = new AtomicLong();
    private final @org.jspecify.annotations.Nullable OpenTelemetrySdk sdk;
    private final @org.jspecify.annotations.Nullable Thread scraper;

    private ObservedDrain(java.util.Set<String> parts, double spanSampling) {
        this.parts = java.util.Set.copyOf(parts);
        if (parts.contains("spans")) {
            SdkTracerProvider tracing = SdkTracerProvider.builder()
                    .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(spanSampling)))
                    .addSpanProcessor(BatchSpanProcessor.builder(new CountingExporter(spans)).build())
                    .build();
            sdk = OpenTelemetrySdk.builder().setTracerProvider(tracing)
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .buildAndRegisterGlobal();
        } else {
            sdk = null;
        }
        scraper = parts.contains("meters")
                ? Thread.ofPlatform().daemon().name("bench-scraper").start(this::scrapeUntilInterrupted) : null;
    }

    /**
     * Switches on the given parts (some of {@link #PARTS}); the SDK records that share of the jobs'
     * traces (1: every job; production tracing of a busy queue samples a few percent).
     */
    static ObservedDrain start(java.util.Set<String> parts, double spanSampling) {
        if (parts.isEmpty() || !PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("observability parts are some of " + PARTS + ", was " + parts);
        }
        checkSampling(spanSampling);
        return new ObservedDrain(parts, spanSampling);
    }

    /** @throws IllegalArgumentException unless {@code ratio} is in (0, 1] */
    static double checkSampling(double ratio) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("span sampling must be in (0, 1], was " + ratio);
        }
        return ratio;
    }

    /**
     * Binds the node being built to the registry (the SDK is found globally) and declares one alert rule
     * of each kind, with thresholds a healthy drain never reaches: the figure is what evaluating them
     * costs, not what sending alerts does.
     */
    void configure(StevedoreBuilder builder) {
        if (parts.contains("meters")) {
            builder.meterRegistry(registry);
        }
        if (!parts.contains("alerts")) {
            return;
        }
        builder.alertInterval(ALERT_EVERY)
                .alert("bench-success", a -> a.successRateBelow(0.5))
                .alert("bench-stuck", a -> a.runningLongerThan(Duration.ofHours(1)))
                .alert("bench-discards", a -> a.discardedAtLeast(1))
                .alert("bench-heap", a -> a.heapAbove(1L << 40))
                .alert("bench-rss", a -> a.rssAbove(1L << 40))
                .alert("bench-breakers", a -> a.breakerOpen())
                .alert("bench-regressions", a -> a.issueRegressed())
                .alert("bench-latency", a -> a.latencyAbove(Duration.ofHours(1)))
                .alert("bench-unserved", a -> a.noLiveNode());
    }

    /** What was observed; complete once closed (closing flushes the spans still batched). */
    String summary() {
        return String.format("%,d spans exported, %,d scrapes (the last %,d bytes)", spans.get(), scrapes.get(),
                lastScrapeBytes.get());
    }

    private void scrapeUntilInterrupted() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(SCRAPE_EVERY);
                lastScrapeBytes.set(registry.scrape().length());
                scrapes.incrementAndGet();
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (scraper != null) {
            scraper.interrupt();
            scraper.join();
        }
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
            GlobalOpenTelemetry.resetForTest();
        }
        registry.close();
    }

    /** Counts what it is given and keeps nothing. */
    private record CountingExporter(AtomicLong exported) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            exported.addAndGet(batch.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
