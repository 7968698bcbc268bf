package dev.stevedore.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one benchmark run.
 *
 * @param engine    {@code sqlite} or {@code postgresql}
 * @param location  the file or schema used
 * @param options   what was run
 * @param java      the JVM's version and vendor
 * @param cpus      processors available to the JVM
 * @param phases    one result per phase, in run order
 */
public record BenchReport(String engine, String location, BenchOptions options, String java, int cpus,
                          List<Phase> phases) {

    public BenchReport {
        phases = List.copyOf(phases);
    }

    /**
     * One measured phase.
     *
     * @param name          what was measured
     * @param jobs          how many jobs
     * @param seconds       wall-clock time
     * @param jobsPerSecond jobs / seconds, or null for the latency phase
     * @param p50Millis     median latency, latency phase only
     * @param p99Millis     99th percentile latency, latency phase only
     * @param maxMillis     worst latency, latency phase only
     */
    public record Phase(String name, long jobs, double seconds, @Nullable Double jobsPerSecond,
                        @Nullable Double p50Millis, @Nullable Double p99Millis, @Nullable Double maxMillis) {
        static Phase throughput(String name, long jobs, long nanos) {
            double seconds = nanos / 1e9;
            return new Phase(name, jobs, seconds, jobs / seconds, null, null, null);
        }
    }

    /** A table for people. */
    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "Stevedore benchmark: %s (%s), Java %s, %d CPUs%n", engine, location, java, cpus);
        out.printf(Locale.ROOT, "%-44s %9s %9s %11s %9s %9s %9s%n", "PHASE", "JOBS", "SECONDS", "JOBS/S", "P50 MS", "P99 MS", "MAX MS");
        for (Phase p : phases) {
            out.printf(Locale.ROOT, "%-44s %9d %9.2f %11s %9s %9s %9s%n", p.name(), p.jobs(), p.seconds(),
                    p.jobsPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.0f", p.jobsPerSecond()),
                    millis(p.p50Millis()), millis(p.p99Millis()), millis(p.maxMillis()));
        }
        out.flush();
    }

    /** JSON for machines. */
    public String toJson() {
        try {
            return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                    .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                    .build().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    private static String millis(@Nullable Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
