package dev.stevedore.cli;

import dev.stevedore.JobState;
import dev.stevedore.spi.JobCursor;
import dev.stevedore.spi.JobFilter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The job filter of {@code jobs list} and of {@code jobs retry|cancel|discard|delete --all-matching}:
 * state, queue, kind, tag, quarantined, and below an id.
 */
final class JobFilterOptions {
    @Option(names = "--state", paramLabel = "STATE", split = ",",
            description = "Only jobs in these states (scheduled, available, running, retryable, held, completed,"
                    + " discarded, cancelled), comma-separated.")
    @Nullable List<JobState> states;
    @Option(names = {"-q", "--queue"}, paramLabel = "QUEUE", description = "Only jobs of this queue.")
    @Nullable String queue;
    @Option(names = {"-k", "--kind"}, paramLabel = "KIND", description = "Only jobs of this kind.")
    @Nullable String kind;
    @Option(names = "--tag", paramLabel = "TAG", description = "Only jobs carrying this tag.")
    @Nullable String tag;
    @Option(names = "--quarantined", description = "Only quarantined jobs: held for crashing their worker process"
            + " too often (release one with `stevedore jobs retry ID`).")
    boolean quarantined;
    @Option(names = "--before", paramLabel = "ID", description = "Only jobs with a smaller id (the next page).")
    @Nullable Long before;

    /** Whether any of these options was given. */
    boolean any() {
        return states != null || queue != null || kind != null || tag != null || quarantined || before != null;
    }

    /**
     * The filter, newest first, {@code limit} per read; a bad value (a queue or kind outside the library's
     * naming rules, a limit out of range) is a usage error.
     */
    JobFilter filter(int limit) {
        return filter(limit, JobFilter.Order.NEWEST_FIRST, null, null);
    }

    /**
     * The filter in {@code order}, {@code limit} per read, past {@code after} (an id order's cursor, for
     * oldest first) or {@code cursor} (a time order's); a bad value, or a cursor or state the order does
     * not take, is a usage error.
     */
    JobFilter filter(int limit, JobFilter.Order order, @Nullable Long after, @Nullable JobCursor cursor) {
        if (order.byTime() ? before != null || after != null : cursor != null) {
            throw new UsageException(order.byTime() ? "--before and --after page --sort newest and oldest; --sort "
                    + order.word() + " pages with --cursor" : "--cursor pages --sort next and finished; --sort "
                    + order.word() + " pages with --before and --after");
        }
        if (queue != null && !queue.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new UsageException("--queue must be a queue name (1-64 letters, digits, '.', '_' or '-'), was \"" + queue + "\"");
        }
        if (kind != null && !kind.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw new UsageException("--kind must be a job kind (1-128 letters, digits, '.', '_' or '-'), was \"" + kind + "\"");
        }
        Set<JobState> chosen = states == null || states.isEmpty() ? Set.of() : EnumSet.copyOf(states);
        return Operator.asUsage(() -> {
            JobFilter all = new JobFilter(chosen, queue, kind, null, null, null, null, order, before, after, limit);
            JobFilter filter = quarantined ? all.quarantined() : all;
            filter = tag == null ? filter : filter.tagged(tag);
            return cursor == null ? filter : filter.after(cursor);
        });
    }
}
