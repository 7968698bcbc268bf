package dev.stevedore.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.NodeSteps;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The jobs waiting in the test's store, read from the store itself, and the assertions about them. A job
 * is enqueued while it waits to run: {@code scheduled}, {@code available} or {@code retryable}.
 */
final class EnqueuedJobs {
    static final Set<JobState> WAITING = EnumSet.of(JobState.SCHEDULED, JobState.AVAILABLE, JobState.RETRYABLE);
    /** Failure messages list this many enqueued jobs at most. */
    static final int LISTED = 50;
    private static final int PAGE = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final NodeSteps steps;

    EnqueuedJobs(Store store, NodeSteps steps) {
        this.store = store;
        this.steps = steps;
    }

    /** The waiting jobs of {@code queue} (every queue if null) and {@code kind} (any if null), oldest first. */
    List<Job> list(@Nullable String queue, @Nullable String kind) {
        JobFilter filter = new JobFilter(WAITING, queue, kind, null, PAGE).ordered(JobFilter.Order.OLDEST_FIRST);
        List<Job> jobs = new ArrayList<>();
        List<Job> page;
        do {
            page = store.jobList(filter);
            jobs.addAll(page);
            if (!page.isEmpty()) {
                filter = filter.after(page.getLast().id());
            }
        } while (page.size() == PAGE);
        return jobs;
    }

    <R extends Record> R args(Job job, Class<R> type) {
        return steps.args(job, type);
    }

    <R extends Record> List<Job> matching(Class<R> type, Predicate<? super R> matcher) {
        return list(null, NodeSteps.kindOf(type)).stream().filter(job -> matcher.test(steps.args(job, type))).toList();
    }

    List<Job> matching(String kind, Predicate<? super Map<String, Object>> matcher) {
        return list(null, kind).stream().filter(job -> matcher.test(argsMap(job))).toList();
    }

    /** Fails unless some job matched; returns the matches. */
    List<Job> assertSome(List<Job> matches, String expected) {
        if (matches.isEmpty()) {
            throw new AssertionError("expected an enqueued job " + expected + ", but none was. " + listing());
        }
        return matches;
    }

    /** Fails if any job matched, naming them. */
    void assertNone(List<Job> matches, String unexpected) {
        if (!matches.isEmpty()) {
            StringBuilder text = new StringBuilder("expected no enqueued job ").append(unexpected).append(", but found ")
                    .append(matches.size()).append(':');
            matches.stream().limit(LISTED).forEach(job -> text.append("\n  ").append(line(job)));
            throw new AssertionError(text.toString());
        }
    }

    /** Every waiting job, one per line: what a failed assertion shows. */
    String listing() {
        List<Job> all = list(null, null);
        if (all.isEmpty()) {
            return "Nothing is enqueued.";
        }
        StringBuilder text = new StringBuilder("Enqueued (").append(all.size()).append("):");
        all.stream().limit(LISTED).forEach(job -> text.append("\n  ").append(line(job)));
        if (all.size() > LISTED) {
            text.append("\n  … and ").append(all.size() - LISTED).append(" more");
        }
        return text.toString();
    }

    static String line(Job job) {
        StringBuilder line = new StringBuilder("#").append(job.id()).append(' ').append(job.kind())
                .append(" queue=").append(job.queue()).append(' ').append(job.state().dbName());
        if (job.state() != JobState.AVAILABLE) {
            line.append(job.awaitingUpstream() ? " awaiting upstream jobs" : " due " + job.scheduledAt());
        }
        if (job.attempt() > 0) {
            line.append(" attempt=").append(job.attempt());
        }
        return line.append(" args=").append(compact(job.args())).toString();
    }

    /** The arguments as compact JSON, whichever way the store prints them (PostgreSQL's jsonb adds spaces). */
    private static String compact(String json) {
        try {
            return JSON.readTree(json).toString();
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static Map<String, Object> argsMap(Job job) {
        try {
            return JSON.readValue(job.args(), new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + job.id() + " has arguments that are not a JSON object: " + job.args(), e);
        }
    }
}
