package dev.stevedore.spi;

import dev.stevedore.Job;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Every job a {@link JobFilter} matches, handed over page by page, newest first, along the primary key:
 * what operator tools (the dashboard's and the CLI's "all matching this filter") act through. Each page
 * is read after the previous one was handled, below the smallest id handled so far, so a handler that
 * changes the jobs' state (a retry, a cancel) neither skips a job nor meets one twice, and jobs
 * enqueued after the first read are never reached (their ids are higher). For tools, not applications.
 */
public final class MatchingJobs {
    /** The most jobs one read fetches. */
    public static final int PAGE = 500;

    private MatchingJobs() {}

    /**
     * Hands the jobs {@code filter} matches below its {@code beforeId} (all, when it has none) to
     * {@code page}, at most {@code max} of them, in reads of at most {@value #PAGE}.
     *
     * @return the {@code beforeId} to continue from when {@code max} jobs were handed over and more may
     *         match, or null when every matching job was
     */
    public static @Nullable Long forEachPage(Store store, JobFilter filter, int max, Consumer<List<Job>> page) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(page, "page");
        if (max < 1) {
            throw new IllegalArgumentException("max must be ≥ 1, was " + max);
        }
        Long before = filter.beforeId();
        int handed = 0;
        while (handed < max) {
            int limit = Math.min(PAGE, max - handed);
            List<Job> jobs = store.jobList(new JobFilter(filter.states(), filter.queue(), filter.kind(), filter.tag(),
                    filter.createdFrom(), filter.createdTo(), filter.argsContains(), JobFilter.Order.NEWEST_FIRST, before,
                    filter.afterId(), limit, filter.jobs()));
            if (jobs.isEmpty()) {
                return null;
            }
            page.accept(jobs);
            handed += jobs.size();
            before = jobs.get(jobs.size() - 1).id();
            if (jobs.size() < limit) {
                return null;
            }
        }
        return before;
    }
}
