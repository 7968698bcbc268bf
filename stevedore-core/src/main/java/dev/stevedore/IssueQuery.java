package dev.stevedore;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which {@link Issue}s to list: latest seen first, keyset-paged by {@link #after(Issue)}, at most
 * {@link #limit()} per page.
 *
 * @param status           only issues with this status, or null for all
 * @param kind             only issues of this kind, or null
 * @param beforeLastSeen   with {@code beforeId}: the last issue of the previous page (the cursor), or null
 * @param beforeId         the id of that issue, or null
 * @param limit            the page size, 1..{@value FailureQuery#MAX_LIMIT}
 */
public record IssueQuery(@Nullable IssueStatus status, @Nullable String kind, @Nullable Instant beforeLastSeen,
                         @Nullable String beforeId, int limit) {

    public IssueQuery {
        if (limit < 1 || limit > FailureQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + FailureQuery.MAX_LIMIT + "], was " + limit);
        }
        if ((beforeLastSeen == null) != (beforeId == null)) {
            throw new IllegalArgumentException("beforeLastSeen and beforeId go together, was " + beforeLastSeen
                    + " and " + beforeId);
        }
    }

    /** The {@code limit} issues seen most recently, whatever their status. */
    public static IssueQuery latest(int limit) {
        return new IssueQuery(null, null, null, null, limit);
    }

    /** Only issues with this status. */
    public IssueQuery status(IssueStatus status) {
        return new IssueQuery(Objects.requireNonNull(status, "status"), kind, beforeLastSeen, beforeId, limit);
    }

    /** Only issues of this kind. */
    public IssueQuery kind(String kind) {
        return new IssueQuery(status, Objects.requireNonNull(kind, "kind"), beforeLastSeen, beforeId, limit);
    }

    /** The page after the one that ended with {@code last}. */
    public IssueQuery after(Issue last) {
        return new IssueQuery(status, kind, last.lastSeen(), last.id(), limit);
    }
}
