package dev.stevedore.spi;

import dev.stevedore.Job;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Claim parameters. SPI record.
 *
 * @param queue  the queue to claim from
 * @param nodeId the claiming node
 * @param limit  the most jobs to claim, ≥ 1
 * @param limits the concurrency limits each claimed job must pass before it may start, as the claiming
 *               node computes them from its rules; {@link Limits#NONE} when no concurrency limit can
 *               apply to the queue's jobs (then the claim is one plain statement)
 */
public record ClaimRequest(String queue, String nodeId, int limit, Limits limits) {
    public ClaimRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be ≥ 1, was " + limit);
        }
        Objects.requireNonNull(limits, "limits");
    }

    /** A claim of jobs that no concurrency limit applies to. */
    public ClaimRequest(String queue, String nodeId, int limit) {
        this(queue, nodeId, limit, Limits.NONE);
    }

    /**
     * The concurrency limits of a claimed job: each {@link LimitKey} has a concurrency bound and no rate
     * (rates are leased apart, see {@link Store#rateLease}), each key at most once. The claiming node is
     * the authority on a job's keys; the keys stored with the job ({@link NewJob#limitKeys()}) are what
     * other claims find it by while it runs, and the claim corrects them when they differ.
     */
    @FunctionalInterface
    public interface Limits {
        /** No job is under a concurrency limit. */
        Limits NONE = job -> List.of();

        List<LimitKey> of(Job job);

        /**
         * What the claiming node's own jobs hold, when the node keeps count of it; null (the default)
         * when it does not. With a count, the store reads only other nodes' running jobs and adds these;
         * the jobs the claim admits are {@linkplain HeldKeys#hold held} before it commits, and
         * {@linkplain HeldKeys#release released} if it does not. The node releases the rest when their
         * outcomes are written.
         */
        default @Nullable HeldKeys heldHere() {
            return null;
        }

        /** These limits, with the node's own jobs counted in {@code held}. */
        static Limits counted(Limits limits, HeldKeys held) {
            Objects.requireNonNull(held, "held");
            return new Limits() {
                @Override
                public List<LimitKey> of(Job job) {
                    return limits.of(job);
                }

                @Override
                public HeldKeys heldHere() {
                    return held;
                }
            };
        }
    }
}
