package dev.stevedore.spi;

import java.util.List;

/**
 * Outcomes one node saw for one breaker since its last report. SPI record.
 *
 * @param name      the breaker
 * @param rule      its thresholds (from the reporting node's configuration)
 * @param successes jobs that completed
 * @param failures  failed attempts in a category the breaker counts
 * @param probes    outcomes of jobs this node ran as the breaker's probe
 */
public record BreakerReport(String name, BreakerRule rule, int successes, int failures, List<Probe> probes) {
    public BreakerReport {
        probes = List.copyOf(probes);
    }

    /** The outcome of a probe: the job and attempt the store admitted as probe, and whether it succeeded. */
    public record Probe(long jobId, int attempt, boolean succeeded) {}
}
