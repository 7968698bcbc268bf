package dev.stevedore.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param options   what was run, {@link BenchOptions#finishedRows() the finished rows} in the table included
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
     * Processor time per job during a phase, in microseconds (see {@link CpuClock}).
     *
     * @param jvmMicros  spent by the bench's JVM: the store's client with its runtime, or the raw loop
     * @param restMicros spent by the rest of the machine (the database, when it runs there), or null
     *                   where the machine's time is unknown (not Linux)
     */
    public record Cpu(double jvmMicros, @Nullable Double restMicros) {}

    /**
     * One measured phase.
     *
     * @param name                  what was measured
     * @param jobs                  how many jobs
     * @param seconds               wall-clock time
     * @param jobsPerSecond         jobs / seconds, or null for the latency phase
     * @param p50Millis             median latency, latency phase only
     * @param p99Millis             99th percentile latency, latency phase only
     * @param maxMillis             worst latency, latency phase only
     * @param rawJobsPerSecond      the bound: the same work as plain SQL over plain JDBC, measured in the
     *                              same run ({@code --raw}, PostgreSQL, throughput phases only), else null
     * @param transactionsPerJob    transactions PostgreSQL committed per job ({@code xact_commit} of
     *                              {@code pg_stat_database}, database-wide), drain on PostgreSQL only
     * @param rawTransactionsPerJob the same for the raw run that gave the bound, drain with --raw only
     * @param cpu                   processor time per job meanwhile, drains only, or null
     * @param rawCpu                the same for the raw run that gave the bound, drain with --raw only
     * @param rawP50Millis          the pickup latency's bound: median time from an INSERT's start to the end
     *                              of the claim that takes its row on a second connection, the same gap
     *                              apart (--raw, PostgreSQL, the idle-node latency phase only), else null
     * @param rawP99Millis          the same bound's 99th percentile
     */
    public record Phase(String name, long jobs, double seconds, @Nullable Double jobsPerSecond,
                        @Nullable Double p50Millis, @Nullable Double p99Millis, @Nullable Double maxMillis,
                        @Nullable Double rawJobsPerSecond, @Nullable Double transactionsPerJob,
                        @Nullable Double rawTransactionsPerJob, @Nullable Cpu cpu, @Nullable Cpu rawCpu,
                        @Nullable Double rawP50Millis, @Nullable Double rawP99Millis) {
        static Phase throughput(String name, long jobs, long nanos) {
            double seconds = nanos / 1e9;
            return new Phase(name, jobs, seconds, jobs / seconds, null, null, null, null, null, null, null, null, null, null);
        }

        /** A drain's phase: its wall-clock time and the processor time it took. */
        static Phase drain(String name, long jobs, Benchmark.Drained drained) {
            return throughput(name, jobs, drained.nanos()).withCpu(drained.cpu());
        }

        static Phase latency(String name, long jobs, double seconds, double p50Millis, double p99Millis,
                             double maxMillis) {
            return new Phase(name, jobs, seconds, null, p50Millis, p99Millis, maxMillis, null, null, null, null, null, null, null);
        }

        /** This phase with the database's bound for the same work. */
        Phase withBound(double rawJobsPerSecond, @Nullable Double rawTransactionsPerJob, @Nullable Cpu rawCpu) {
            return new Phase(name, jobs, seconds, jobsPerSecond, p50Millis, p99Millis, maxMillis, rawJobsPerSecond,
                    transactionsPerJob, rawTransactionsPerJob, cpu, rawCpu, rawP50Millis, rawP99Millis);
        }

        private Phase withCpu(@Nullable Cpu cpu) {
            return new Phase(name, jobs, seconds, jobsPerSecond, p50Millis, p99Millis, maxMillis, rawJobsPerSecond,
                    transactionsPerJob, rawTransactionsPerJob, cpu, rawCpu, rawP50Millis, rawP99Millis);
        }

        /** This latency phase with the database's bound for the same pickup. */
        Phase withLatencyBound(double rawP50, double rawP99) {
            return new Phase(name, jobs, seconds, jobsPerSecond, p50Millis, p99Millis, maxMillis, rawJobsPerSecond,
                    transactionsPerJob, rawTransactionsPerJob, cpu, rawCpu, rawP50, rawP99);
        }

        /** This phase with PostgreSQL's count of transactions committed per job. */
        Phase withTransactionsPerJob(double perJob) {
            return new Phase(name, jobs, seconds, jobsPerSecond, p50Millis, p99Millis, maxMillis, rawJobsPerSecond,
                    perJob, rawTransactionsPerJob, cpu, rawCpu, rawP50Millis, rawP99Millis);
        }

        /** The store's throughput over the bound (1 = as fast as plain SQL), or null without a bound. */
        @JsonProperty("ratio")
        public @Nullable Double ratio() {
            return jobsPerSecond == null || rawJobsPerSecond == null ? null : jobsPerSecond / rawJobsPerSecond;
        }
    }

    /** A table for people. */
    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "Stevedore benchmark: %s (%s), Java %s, %d CPUs%s%n", engine, location, java, cpus,
                options.finishedRows() == 0 ? "" : String.format(Locale.ROOT,
                        ", %,d finished rows already in the table (queue %s)", options.finishedRows(),
                        FinishedRows.QUEUE));
        out.printf(Locale.ROOT, "%-44s %9s %9s %11s %11s %6s %9s %9s %9s%n", "PHASE", "JOBS", "SECONDS", "JOBS/S",
                "BOUND/S", "RATIO", "P50 MS", "P99 MS", "MAX MS");
        for (Phase p : phases) {
            out.printf(Locale.ROOT, "%-44s %9d %9.2f %11s %11s %6s %9s %9s %9s%n", p.name(), p.jobs(), p.seconds(),
                    format("%.0f", p.jobsPerSecond()), format("%.0f", p.rawJobsPerSecond()), format("%.2f", p.ratio()),
                    format("%.1f", p.p50Millis()), format("%.1f", p.p99Millis()), format("%.1f", p.maxMillis()));
        }
        if (phases.stream().anyMatch(p -> p.rawJobsPerSecond() != null)) {
            out.println("BOUND/S: the same work as plain SQL over plain JDBC on a twin schema, in the same run"
                    + " (drain: the best of " + RawBounds.drainConnections() + " connections); RATIO = JOBS/S / BOUND/S.");
        }
        for (Phase p : phases) {
            if (p.rawP50Millis() != null) {
                out.printf(Locale.ROOT, "%s: plain SQL (an INSERT, then the claim of its row on a second connection,"
                        + " as far apart): p50 %.1f ms, p99 %.1f ms.%n", p.name(), p.rawP50Millis(), p.rawP99Millis());
            }
        }
        for (Phase p : phases) {
            if (p.transactionsPerJob() != null) {
                out.printf(Locale.ROOT, "%s: PostgreSQL committed %.4f transactions per job%s.%n", p.name(),
                        p.transactionsPerJob(), p.rawTransactionsPerJob() == null ? ""
                                : String.format(Locale.ROOT, " (plain SQL: %.4f)", p.rawTransactionsPerJob()));
            }
        }
        for (Phase p : phases) {
            if (p.cpu() != null) {
                out.printf(Locale.ROOT, "%s: processor time per job: %s%s.%n", p.name(), cpu(p.cpu(), "this JVM"),
                        p.rawCpu() == null ? "" : "; plain SQL: " + cpu(p.rawCpu(), "its client"));
            }
        }
        out.flush();
    }

    private static String cpu(Cpu cpu, String client) {
        return String.format(Locale.ROOT, "%s %.1f µs", client, cpu.jvmMicros()) + (cpu.restMicros() == null ? ""
                : String.format(Locale.ROOT, ", the rest of the machine %.1f µs", cpu.restMicros()));
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

    private static String format(String format, @Nullable Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
