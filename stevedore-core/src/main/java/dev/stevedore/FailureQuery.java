package dev.stevedore;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which {@link Failure}s to list: newest first, keyset-paged by {@link #before(Failure)}, at most
 * {@link #limit()} per page. Every filter is optional; each {@code with…} method returns a new query.
 *
 * <pre>{@code
 * var page = stevedore.failures(FailureQuery.newest(50).queue("mail").category(ErrorCategory.AUTHENTICATION));
 * var next = stevedore.failures(query.before(page.get(page.size() - 1)));
 * }</pre>
 *
 * @param from     failures at or after this time, or null
 * @param to       failures before this time, or null
 * @param queue    only this queue, or null
 * @param kind     only this kind, or null
 * @param category only this category, or null
 * @param issue    only failures of this {@link Issue#id() issue}, or null
 * @param beforeId only failures with a smaller id (the last id of the previous page), or null
 * @param limit    the page size, 1..{@value #MAX_LIMIT}
 * @param jobId    only failures of this job, or null
 */
public record FailureQuery(@Nullable Instant from, @Nullable Instant to, @Nullable String queue, @Nullable String kind,
                           @Nullable ErrorCategory category, @Nullable String issue, @Nullable Long beforeId, int limit,
                           @Nullable Long jobId) {

    /** The largest page. */
    public static final int MAX_LIMIT = 500;

    public FailureQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], was " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, was from " + from + " to " + to);
        }
    }

    /** A query of every job's failures. */
    public FailureQuery(@Nullable Instant from, @Nullable Instant to, @Nullable String queue, @Nullable String kind,
                        @Nullable ErrorCategory category, @Nullable String issue, @Nullable Long beforeId, int limit) {
        this(from, to, queue, kind, category, issue, beforeId, limit, null);
    }

    /** Only the failures of one job. */
    public FailureQuery job(long jobId) {
        return new FailureQuery(from, to, queue, kind, category, issue, beforeId, limit, jobId);
    }

    /** The newest {@code limit} failures, unfiltered. */
    public static FailureQuery newest(int limit) {
        return new FailureQuery(null, null, null, null, null, null, null, limit);
    }

    /** Failures at or after {@code from} and before {@code to}. */
    public FailureQuery between(Instant from, Instant to) {
        return new FailureQuery(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), queue, kind,
                category, issue, beforeId, limit, jobId);
    }

    /** Only failures of this queue. */
    public FailureQuery queue(String queue) {
        return new FailureQuery(from, to, Objects.requireNonNull(queue, "queue"), kind, category, issue, beforeId, limit, jobId);
    }

    /** Only failures of this kind. */
    public FailureQuery kind(String kind) {
        return new FailureQuery(from, to, queue, Objects.requireNonNull(kind, "kind"), category, issue, beforeId, limit, jobId);
    }

    /** Only failures of this category. */
    public FailureQuery category(ErrorCategory category) {
        return new FailureQuery(from, to, queue, kind, Objects.requireNonNull(category, "category"), issue, beforeId, limit, jobId);
    }

    /** Only failures grouped into this issue. */
    public FailureQuery issue(String issueId) {
        return new FailureQuery(from, to, queue, kind, category, Objects.requireNonNull(issueId, "issueId"), beforeId, limit, jobId);
    }

    /** The page after the one that ended with {@code last}. */
    public FailureQuery before(Failure last) {
        return new FailureQuery(from, to, queue, kind, category, issue, last.id(), limit, jobId);
    }
}
