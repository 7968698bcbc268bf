package dev.stevedore.dashboard;

import dev.stevedore.spi.JobCursor;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The jobs one filtered page of {@code /jobs} in a time order searches ({@link SearchWindow}): the next
 * {@code size} jobs of the order's states past the page's cursor, and the rest of the last one's instant
 * (the store reads ties on the time together). {@link Store#jobListReach} says at what time that many
 * jobs end, one index range read without the filter; the page is then bounded at that time.
 *
 * <p>A window of rows, not of ids, and a smaller one than {@link ScanWindow}'s: the rows a time index
 * leads to lie anywhere in the table (a job due tomorrow was enqueued at any time; a finished job's row
 * moved when it was updated), so each costs a random page read where an id window reads neighbouring
 * rows. At 10 million rows on PostgreSQL, 100,000 waiting jobs took 500–750 ms to filter. 20,000 took
 * 120 ms when their pages were cached and 610 ms when not: those pages are scattered over the heap and
 * do not all stay in the default 128 MB of shared buffers. 10,000 took 15–61 ms, which keeps the page
 * within its 200 ms budget either way.
 *
 * @param filter the page's filter, bounded to the window
 * @param reach  the time the window ends at, or null when fewer than {@code size} jobs lie ahead and
 *               the page reads to the end of the index
 * @param size   how many jobs a window holds
 */
record TimeWindow(JobFilter filter, @Nullable Instant reach, int size) implements SearchWindow {
    /** How many jobs a page reads unless the options say otherwise. */
    static final int DEFAULT_SIZE = 10_000;

    /** The window for {@code filter}, a time order that narrows the list. */
    static TimeWindow of(Store store, JobFilter filter, int size) {
        Instant reach = store.jobListReach(filter, size).orElse(null);
        return new TimeWindow(reach == null ? filter : filter.until(reach), reach, size);
    }

    /** The place just past the window, where the next window starts. */
    JobCursor beyond() {
        if (reach == null) {
            throw new IllegalStateException("the window reaches the end of the index");
        }
        return JobCursor.pastAll(filter.order(), reach);
    }

    @Override
    public boolean moreBeyond(Store store) {
        return reach != null && !store.jobList(JobFilter.all(1).ordered(filter.order()).after(beyond())).isEmpty();
    }

    @Override
    public Html notice(Map<String, String> link) {
        boolean next = filter.order() == JobFilter.Order.NEXT_TO_RUN;
        return Html.of("""
                <p class="notice" id="window-notice">No more matches among the {}. The dashboard searches {} jobs per \
                page so that each page answers quickly. <a href="/jobs?{}" id="search-further">{}</a></p>""",
                searched(next, filter.cursor()), Format.count(size), JobQuery.queryString(link, "cursor", beyond().text()),
                next ? "Search jobs due later" : "Search jobs finished earlier");
    }

    /** The jobs the window held, in words: "waiting jobs due up to …", "jobs finished from … back to …". */
    private String searched(boolean next, @Nullable JobCursor cursor) {
        String end = Format.time(reach);
        if (cursor == null) {
            return next ? "waiting jobs due up to " + end : "latest finished jobs, back to " + end;
        }
        String start = Format.time(cursor.time());
        return next ? "waiting jobs due from " + start + " to " + end : "jobs finished from " + start + " back to " + end;
    }
}
