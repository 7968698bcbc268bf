package dev.stevedore;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The items a {@linkplain Stevedore#fanOut fan-out} enqueues a job for, read a page at a time by
 * cursor, so a fan-out over millions of rows never holds them all and can resume after a crash where
 * it stopped.
 *
 * <pre>{@code
 * FanOutSource<Long> accounts = (cursor, limit) -> {
 *     long after = cursor == null ? 0 : Long.parseLong(cursor);
 *     List<Long> ids = db.accountIdsAfter(after, limit);          // ORDER BY id LIMIT limit
 *     return ids.size() < limit ? FanOutSource.Page.last(ids)
 *                               : FanOutSource.Page.of(ids, Long.toString(ids.get(ids.size() - 1)));
 * };
 * }</pre>
 *
 * <p>The order must be stable: asked again for the same cursor, the source returns the same items in
 * the same order (keyset paging over a unique column does). Each item's time slot follows from its
 * position, so a resumed fan-out schedules every item as the interrupted one would have.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface FanOutSource<T> {
    /**
     * The items after {@code cursor}, at most {@code limit} of them.
     *
     * @param cursor null for the first page, else the {@link Page#nextCursor()} of the previous one
     * @param limit  the most items to return, ≥ 1
     */
    Page<T> page(@Nullable String cursor, int limit);

    /**
     * One page of items.
     *
     * @param items      the items, in the source's stable order; may be empty
     * @param nextCursor where the next page starts, or null when this page is the last
     * @param <T>        the item type
     */
    record Page<T>(List<T> items, @Nullable String nextCursor) {
        public Page {
            items = List.copyOf(Objects.requireNonNull(items, "items"));
        }

        /** A page followed by more, from {@code nextCursor}. */
        public static <T> Page<T> of(List<T> items, String nextCursor) {
            return new Page<>(items, Objects.requireNonNull(nextCursor, "nextCursor"));
        }

        /** The last page. */
        public static <T> Page<T> last(List<T> items) {
            return new Page<>(items, null);
        }
    }
}
