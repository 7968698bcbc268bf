package dev.stevedore;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * The cost of turning job arguments into JSON ({@link ArgsCodec#encode}, once per enqueued job) and
 * back ({@link ArgsCodec#decode}, once per execution, on the job's own thread before the handler
 * runs), for a small record and a medium one (a list of 20 strings and a nested record).
 *
 * <p>It matters because both run for every job on the JVM side, outside any database round trip:
 * with a fast store they are a visible part of what a job costs. The codec is built as a node builds
 * it, with the default 1 MiB argument limit (the limit check runs on every encode).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ArgsCodecBenchmark {

    /** A typical small job: three fields. */
    public record SendEmail(String to, String subject, long accountId) {}

    /** A typical medium job: a recipient list and a nested record. */
    public record SendNewsletter(String campaign, List<String> recipients, Sender sender) {}

    /** Nested in {@link SendNewsletter}. */
    public record Sender(String name, String address, boolean trackOpens) {}

    private ArgsCodec codec;
    private SendEmail small;
    private SendNewsletter medium;
    private String smallJson;
    private String mediumJson;

    @Setup
    public void setUp() {
        codec = new ArgsCodec(RuntimeSettings.DEFAULT_MAX_ARGS_BYTES);
        small = new SendEmail("ada@example.com", "Your invoice for November", 42L);
        medium = new SendNewsletter("2026-11-weekly",
                IntStream.range(0, 20).mapToObj(i -> "subscriber-" + i + "@example.com").toList(),
                new Sender("Stevedore news", "news@example.com", true));
        smallJson = codec.encode(small);
        mediumJson = codec.encode(medium);
    }

    @Benchmark
    public String encodeSmall() {
        return codec.encode(small);
    }

    @Benchmark
    public SendEmail decodeSmall() throws ArgsCodec.UndecodableArgsException {
        return codec.decode(smallJson, SendEmail.class);
    }

    @Benchmark
    public String encodeMedium() {
        return codec.encode(medium);
    }

    @Benchmark
    public SendNewsletter decodeMedium() throws ArgsCodec.UndecodableArgsException {
        return codec.decode(mediumJson, SendNewsletter.class);
    }
}
