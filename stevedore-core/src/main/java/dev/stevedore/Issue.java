package dev.stevedore;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Failures grouped by fingerprint: the same kind failing with the same exception type, the same message
 * once its numbers, ids and quoted values are set aside, at the same place in application code. See
 * docs/failures.md.
 *
 * @param id           the fingerprint, 16 hex characters, stable across deploys and nodes
 * @param kind         the job kind that fails (part of the fingerprint, so one per issue)
 * @param errorClass   the exception's class name
 * @param message      the message of the latest failure, as a representative
 * @param stack        the stack of the latest failure, as a representative
 * @param status       open, resolved or ignored
 * @param count        how many failures it grouped (ignored issues keep counting)
 * @param firstSeen    the earliest failure
 * @param lastSeen     the latest failure
 * @param queues       the queues its failures ran in, sorted, at most {@value #MAX_QUEUES}
 * @param sampleJobIds ids of the latest failing jobs, oldest first, at most {@value #MAX_SAMPLES}
 * @param regressedAt  when it last failed again after being resolved, or null if it never did
 */
public record Issue(
        String id,
        String kind,
        String errorClass,
        String message,
        String stack,
        IssueStatus status,
        long count,
        Instant firstSeen,
        Instant lastSeen,
        List<String> queues,
        List<Long> sampleJobIds,
        @Nullable Instant regressedAt) {

    /** The most sample job ids an issue keeps. */
    public static final int MAX_SAMPLES = 5;
    /** The most queues an issue lists. */
    public static final int MAX_QUEUES = 20;

    public Issue {
        queues = List.copyOf(queues);
        sampleJobIds = List.copyOf(sampleJobIds);
    }

    /** Whether it failed again after an operator resolved it (and nobody resolved it since). */
    public boolean regressed() {
        return regressedAt != null && status == IssueStatus.OPEN;
    }
}
