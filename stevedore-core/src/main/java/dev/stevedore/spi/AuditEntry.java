package dev.stevedore.spi;

import java.time.Instant;
import java.util.List;

/**
 * One operator action as the audit log keeps it ({@link Store#auditList}). SPI record.
 *
 * @param id      unique, increasing in recording order (the paging cursor)
 * @param at      when it was recorded, by the store's clock
 * @param actor   who
 * @param action  what
 * @param target  on what
 * @param jobIds  the jobs it was asked for
 * @param outcome what happened
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, List<Long> jobIds,
                         String outcome) {
    /** The largest page {@link Store#auditList} returns. */
    public static final int MAX_PAGE = 500;

    public AuditEntry {
        jobIds = List.copyOf(jobIds);
    }

    /** {@code limit} if it is a page size {@link Store#auditList} takes (1..{@value #MAX_PAGE}); else a clear error. */
    public static int checkPage(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_PAGE + "], was " + limit);
        }
        return limit;
    }
}
