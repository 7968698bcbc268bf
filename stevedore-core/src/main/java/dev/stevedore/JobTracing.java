package dev.stevedore;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry for jobs, through the API only: the enqueuer's trace context travels in the job's
 * metadata (W3C {@code traceparent}, and {@code tracestate} when there is one), and each execution
 * runs in a span that continues it. Without an installed SDK every call here is a no-op; the global
 * instance is read with {@link GlobalOpenTelemetry#getOrNoop()}, which never fixes it to the no-op one,
 * so an application may install its SDK after the node is built.
 */
final class JobTracing {
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    private static final String SCOPE = "dev.stevedore";

    private JobTracing() {}

    /**
     * The metadata to store: the caller's, plus the current trace context when there is a valid span
     * and the caller did not set {@code traceparent} itself. The same map when there is nothing to add.
     */
    static Map<String, String> withTraceContext(Map<String, String> metadata) {
        if (!Span.current().getSpanContext().isValid() || metadata.containsKey(TRACEPARENT)) {
            return metadata;
        }
        Map<String, String> carrier = new LinkedHashMap<>();
        GlobalOpenTelemetry.getOrNoop().getPropagators().getTextMapPropagator()
                .inject(Context.current(), carrier, (map, key, value) -> {
                    if (key.equals(TRACEPARENT) || key.equals(TRACESTATE)) {
                        map.put(key, value);
                    }
                });
        if (carrier.isEmpty()) {
            return metadata;
        }
        Map<String, String> out = new LinkedHashMap<>(metadata);
        out.putAll(carrier);
        return out;
    }

    /** Starts the execution's span, a child of the context stored at enqueue (a root span without one). */
    static Span start(Job job) {
        if (!GlobalOpenTelemetry.isSet()) {
            return Span.getInvalid(); // no SDK: skip the no-op builder's allocations on every execution
        }
        OpenTelemetry otel = GlobalOpenTelemetry.getOrNoop();
        Context parent = job.metadata().containsKey(TRACEPARENT)
                ? otel.getPropagators().getTextMapPropagator().extract(Context.root(), job.metadata(), MetadataGetter.INSTANCE)
                : Context.root();
        return tracer(otel).spanBuilder(job.kind())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("stevedore.job.id", job.id())
                .setAttribute("stevedore.queue", job.queue())
                .setAttribute("stevedore.attempt", job.attempt())
                .startSpan();
    }

    /**
     * The tracer of {@code otel}, asked of it once per installed instance rather than once per execution
     * (an SDK looks it up in a registry each time). A newly installed global instance gets its own.
     */
    private static Tracer tracer(OpenTelemetry otel) {
        OwnTracer own = tracer;
        if (own == null || own.otel() != otel) {
            own = new OwnTracer(otel, otel.getTracer(SCOPE));
            tracer = own;
        }
        return own.tracer();
    }

    private record OwnTracer(OpenTelemetry otel, Tracer tracer) {}

    private static volatile @Nullable OwnTracer tracer;

    /** Makes the span current on this thread, so the handler's own spans become its children. */
    static Scope makeCurrent(Span span) {
        return span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop();
    }

    /**
     * Ends the span with the execution's outcome. A failed attempt (retried, discarded, held) marks it as
     * an error with its exception; a snooze or a cancel is a decision, not an error.
     */
    static void end(Span span, JobEvent.Type outcome, @Nullable Throwable thrown) {
        span.setAttribute("stevedore.outcome", outcome.label());
        boolean failed = outcome == JobEvent.Type.RETRY_SCHEDULED || outcome == JobEvent.Type.DISCARDED
                || outcome == JobEvent.Type.HELD;
        if (failed && thrown != null) {
            span.recordException(thrown);
            span.setStatus(StatusCode.ERROR, thrown.toString());
        }
        span.end();
    }

    private enum MetadataGetter implements TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
