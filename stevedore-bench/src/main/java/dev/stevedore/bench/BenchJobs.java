package dev.stevedore.bench;

import dev.stevedore.JobKind;

/** The benchmark's job kinds. Public so the JSON codec can build them. */
public final class BenchJobs {
    private BenchJobs() {}

    /** A job that does nothing: measures the system, not the work. */
    @JobKind("bench.noop")
    public record NoOp(int n) {}

    /** A job that records when its handler started, for the pickup latency. */
    @JobKind("bench.probe")
    public record Probe(int seq) {}

    /** A soak job: its sequence number (to find lost and repeated runs) and when it was enqueued. */
    @JobKind("bench.tick")
    public record Tick(int seq, long enqueuedAtMicros) {}
}
