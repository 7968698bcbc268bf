package dev.stevedore.dashboard;

import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How much of its order's index one filtered page of {@code /jobs} reads. The store walks an index in
 * the page's order and tests each row against the filter, so a filter that matches few rows would read
 * the whole index for one page; bounded, a page reads at most a window of rows whatever the table holds,
 * and when it found too few says where it looked, with a link that searches on beyond. The id orders
 * bound a range of ids ({@link ScanWindow}), the time orders a number of rows along the time
 * ({@link TimeWindow}).
 */
interface SearchWindow {
    /** The page's filter, bounded to the window. */
    JobFilter filter();

    /**
     * Whether any job lies beyond the window where the request's own bounds would still let the page go:
     * what a page with fewer rows than its limit asks before offering to search on. One row read.
     */
    boolean moreBeyond(Store store);

    /**
     * The notice for a page that ran out of window before it was full: where it searched, how much it
     * searches per page, and the link (element id {@code search-further}) that searches on with
     * {@code link}'s parameters.
     */
    Html notice(Map<String, String> link);

    /**
     * How much a window holds.
     *
     * @param ids  job ids in an id order's window, ≥ 1
     * @param rows jobs in a time order's window, ≥ 1
     */
    record Sizes(int ids, int rows) {
        static final Sizes DEFAULT = new Sizes(ScanWindow.DEFAULT_SIZE, TimeWindow.DEFAULT_SIZE);
    }

    /**
     * The window for {@code filter} in its order, or null when it needs none: an unfiltered list stops
     * after its {@code limit} rows.
     */
    static @Nullable SearchWindow of(Store store, JobFilter filter, Sizes sizes) {
        if (!narrows(filter)) {
            return null;
        }
        return filter.order().byTime() ? TimeWindow.of(store, filter, sizes.rows()) : ScanWindow.of(store, filter, sizes.ids());
    }

    /** Whether {@code filter} selects fewer jobs than its order lists (bounds aside): every job, or a time order's states. */
    private static boolean narrows(JobFilter filter) {
        return !filter.states().equals(filter.order().states()) || filter.queue() != null || filter.kind() != null
                || filter.tag() != null || filter.createdFrom() != null || filter.createdTo() != null
                || filter.argsContains() != null;
    }
}
