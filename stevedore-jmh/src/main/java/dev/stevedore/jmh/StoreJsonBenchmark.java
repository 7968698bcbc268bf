package dev.stevedore.jmh;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.spi.jdbc.StoreJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the JSON columns every store keeps: writing one {@link AttemptError} (once per failed
 * attempt, inside the completion batch) and reading a job's tags and metadata (once per job row the
 * store maps, so once per claimed job).
 *
 * <p>It matters because the store does this work on the JVM for every claimed job and every failure,
 * next to the SQL. The error carries the real stack trace of an exception created in the setup (13
 * frames, about 1.3 KB; 1.5 KB of JSON), since the stack is most of its size: application stacks are
 * often deeper, up to the 8,000-character cap, and cost more. Tags and metadata are of typical size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StoreJsonBenchmark {
    private AttemptError error;
    private String tagsJson;
    private String metadataJson;

    @Setup
    public void setUp() {
        var thrown = new IllegalStateException("SMTP server answered 451 4.7.1: try again later");
        StringWriter stack = new StringWriter();
        thrown.printStackTrace(new PrintWriter(stack));
        error = new AttemptError(3, Instant.parse("2026-11-23T10:15:30.123456Z"), "worker-7f3a",
                thrown.getClass().getName(), thrown.getMessage(), stack.toString(), ErrorCategory.TRANSIENT,
                Duration.ofMillis(1234));
        tagsJson = StoreJson.strings(List.of("email", "billing", "priority"));
        metadataJson = StoreJson.stringMap(Map.of("tenant", "acme", "account", "42",
                "request_id", "6f1c2a9e-3b7d-4e2a-9c41-0d5e8f7a6b21"));
    }

    @Benchmark
    public String writeError() {
        return StoreJson.error(error);
    }

    @Benchmark
    public List<String> readTags() {
        return StoreJson.strings(tagsJson);
    }

    @Benchmark
    public Map<String, String> readMetadata() {
        return StoreJson.stringMap(metadataJson);
    }
}
