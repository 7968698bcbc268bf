package dev.stevedore.spi;

import org.jspecify.annotations.Nullable;

/**
 * Which batches to list: every batch, or the children of one, newest (highest id) first, one keyset
 * page at a time. SPI record.
 *
 * @param parentId only the children of this batch, or null for every batch
 * @param beforeId only ids below this (the last id of the previous page), or null
 * @param limit    the most rows, 1..{@value #MAX_LIMIT}
 */
public record BatchFilter(@Nullable Long parentId, @Nullable Long beforeId, int limit) {
    /** The largest page. */
    public static final int MAX_LIMIT = 500;

    public BatchFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], was " + limit);
        }
    }

    /** The newest {@code limit} batches. */
    public static BatchFilter newest(int limit) {
        return new BatchFilter(null, null, limit);
    }
}
