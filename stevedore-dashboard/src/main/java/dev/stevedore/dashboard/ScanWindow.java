package dev.stevedore.dashboard;

import dev.stevedore.Job;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The job ids one filtered page of {@code /jobs} in an id order searches ({@link SearchWindow}): at most
 * {@code size} ids from where the page starts, in its order, so a filter that matches few rows (a search
 * in the arguments, a state nothing is in) reads at most {@code size} rows of the primary key.
 *
 * <p>The bounds are exclusive, as in {@link JobFilter}: the page searches the ids above
 * {@code filter.afterId()} and below {@code filter.beforeId()}.
 *
 * @param filter the page's filter, bounded to the window
 * @param cut    whether the window's size set its far bound (the ids at the end the page walks towards),
 *               rather than the request's own bound or the end of the table
 * @param size   how many ids a window holds
 */
record ScanWindow(JobFilter filter, boolean cut, int size) implements SearchWindow {
    /** How many ids a page searches unless the options say otherwise. */
    static final int DEFAULT_SIZE = 100_000;

    /**
     * The window for {@code filter}, which narrows the list, or null when it needs none: the
     * quarantined-only list reads its own small index, not the primary key. Also null when the table is
     * empty. The near bound is clamped to the table's end, so a page never searches ids no job has yet.
     */
    static @Nullable ScanWindow of(Store store, JobFilter filter, int size) {
        if (filter.jobs() == JobFilter.Only.QUARANTINED) {
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
            return after > floor ? new ScanWindow(bounded(filter, before, after), true, size)
                    : new ScanWindow(bounded(filter, before, filter.afterId()), false, size);
        }
        // Up from the request's cursor, or from just below the oldest job.
        long after = filter.afterId() == null ? end - 1 : Math.max(filter.afterId(), end - 1);
        long before = after + size + 1;
        return filter.beforeId() == null || before < filter.beforeId() ? new ScanWindow(bounded(filter, before, after), true, size)
                : new ScanWindow(bounded(filter, filter.beforeId(), after), false, size);
    }

    /** The lowest id the window searches (1 when nothing bounds it from below). */
    long first() {
        return filter.afterId() == null ? 1 : filter.afterId() + 1;
    }

    /** The highest id the window searches. */
    long last() {
        return filter.beforeId() - 1;
    }

    @Override
    public boolean moreBeyond(Store store) {
        if (!cut) {
            return false;
        }
        // The far end of the table: the oldest job when walking down, the newest when walking up.
        boolean newest = filter.order() == JobFilter.Order.NEWEST_FIRST;
        Long end = endId(store, newest ? JobFilter.Order.OLDEST_FIRST : JobFilter.Order.NEWEST_FIRST);
        return end != null && (newest ? end < first() : end > last());
    }

    /**
     * The link's cursor is the window's far bound ({@code before} newest first, {@code after} oldest
     * first), so the next window starts where this one ended.
     */
    @Override
    public Html notice(Map<String, String> link) {
        boolean newest = filter.order() == JobFilter.Order.NEWEST_FIRST;
        return Html.of("""
                <p class="notice" id="window-notice">No more matches among job ids {}–{}. The dashboard searches {} job ids \
                per page so that each page answers quickly. <a href="/jobs?{}" id="search-further">{}</a></p>""",
                first(), last(), Format.count(size),
                JobQuery.queryString(link, newest ? "before" : "after", newest ? first() : last()),
                newest ? "Search older jobs" : "Search newer jobs");
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
