package dev.stevedore.dashboard;

import dev.stevedore.Job;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The job ids one filtered page of {@code /jobs} searches: at most {@code size} ids from where the page
 * starts, in its order. The store walks the primary key and tests each row against the filter, so a
 * filter that matches few rows (a search in the arguments, a state nothing is in) would read the whole
 * table for one page; bounded, a page reads at most {@code size} rows whatever the table holds, and
 * says so when it found too few, with a link that searches the next ids.
 *
 * <p>The bounds are exclusive, as in {@link JobFilter}: the page searches the ids above
 * {@code filter.afterId()} and below {@code filter.beforeId()}.
 *
 * @param filter the page's filter, bounded to the window
 * @param cut    whether the window's size set its far bound (the ids at the end the page walks towards),
 *               rather than the request's own bound or the end of the table
 */
record ScanWindow(JobFilter filter, boolean cut) {
    /** How many ids a page searches unless the options say otherwise. */
    static final int DEFAULT_SIZE = 100_000;

    /**
     * The window for {@code filter}, or null when it needs none: an unfiltered list stops after its
     * {@code limit} rows, and the quarantined-only list reads its own small index, not the primary key.
     * Also null when the table is empty. The near bound is clamped to the table's end, so a page never
     * searches ids no job has yet.
     */
    static @Nullable ScanWindow of(Store store, JobFilter filter, int size) {
        if (!narrows(filter) || filter.jobs() == JobFilter.Only.QUARANTINED) {
            return null;
        }
        Long end = endId(store, filter.order());
        if (end == null) {
            return null;
        }
        if (filter.order() == JobFilter.Order.NEWEST_FIRST) {
            // Down from the request's cursor, or from just above the newest job.
            long before = filter.beforeId() == null ? end + 1 : Math.min(filter.beforeId(), end + 1);
            long floor = filter.afterId() == null ? 0 : filter.afterId();
            long after = before - size - 1;
            return after > floor ? new ScanWindow(bounded(filter, before, after), true)
                    : new ScanWindow(bounded(filter, before, filter.afterId()), false);
        }
        // Up from the request's cursor, or from just below the oldest job.
        long after = filter.afterId() == null ? end - 1 : Math.max(filter.afterId(), end - 1);
        long before = after + size + 1;
        return filter.beforeId() == null || before < filter.beforeId() ? new ScanWindow(bounded(filter, before, after), true)
                : new ScanWindow(bounded(filter, filter.beforeId(), after), false);
    }

    /** The lowest id the window searches (1 when nothing bounds it from below). */
    long first() {
        return filter.afterId() == null ? 1 : filter.afterId() + 1;
    }

    /** The highest id the window searches. */
    long last() {
        return filter.beforeId() - 1;
    }

    /**
     * Whether any job lies beyond the window's far bound, where the request's own bounds would still
     * let the page go: the question a page with fewer rows than its limit asks before offering to
     * search on. One read of the first or last row of the primary key.
     */
    boolean moreBeyond(Store store) {
        if (!cut) {
            return false;
        }
        // The far end of the table: the oldest job when walking down, the newest when walking up.
        boolean newest = filter.order() == JobFilter.Order.NEWEST_FIRST;
        Long end = endId(store, newest ? JobFilter.Order.OLDEST_FIRST : JobFilter.Order.NEWEST_FIRST);
        return end != null && (newest ? end < first() : end > last());
    }

    /** The cursor parameter of the page that searches on beyond: {@code before} newest first, {@code after} oldest first. */
    String cursor() {
        return filter.order() == JobFilter.Order.NEWEST_FIRST ? "before" : "after";
    }

    /** The value of {@link #cursor()}: the window's far bound, so the next window starts where this one ended. */
    long cursorId() {
        return filter.order() == JobFilter.Order.NEWEST_FIRST ? first() : last();
    }

    /** Whether {@code filter} selects anything narrower than every job (the id bounds aside). */
    private static boolean narrows(JobFilter filter) {
        return !filter.states().isEmpty() || filter.queue() != null || filter.kind() != null || filter.tag() != null
                || filter.createdFrom() != null || filter.createdTo() != null || filter.argsContains() != null;
    }

    /** The id of the first job in {@code order} (the newest or the oldest), or null when there is none. */
    private static @Nullable Long endId(Store store, JobFilter.Order order) {
        List<Job> first = store.jobList(JobFilter.all(1).ordered(order));
        return first.isEmpty() ? null : first.get(0).id();
    }

    /** {@code f} searching only the ids between {@code after} and {@code before} (exclusive; null: no lower bound). */
    private static JobFilter bounded(JobFilter f, long before, @Nullable Long after) {
        return new JobFilter(f.states(), f.queue(), f.kind(), f.tag(), f.createdFrom(), f.createdTo(), f.argsContains(),
                f.order(), before, after, f.limit(), f.jobs());
    }
}
