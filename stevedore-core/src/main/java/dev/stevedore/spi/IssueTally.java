package dev.stevedore.spi;

import dev.stevedore.Issue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One issue's share of a batch of failures, aggregated before the upsert so a store writes each issue
 * once per batch (one row per fingerprint: PostgreSQL's ON CONFLICT cannot touch a row twice in one
 * statement). SPI record.
 *
 * @param id           the fingerprint
 * @param kind         the kind
 * @param errorClass   the exception class
 * @param message      the latest failure's message
 * @param stack        the latest failure's stack
 * @param count        failures in the batch
 * @param firstSeen    the earliest failure in the batch
 * @param lastSeen     the latest failure in the batch
 * @param queues       queues in the batch, sorted, at most {@link Issue#MAX_QUEUES}
 * @param sampleJobIds the latest job ids in the batch, oldest first, at most {@link Issue#MAX_SAMPLES}
 */
public record IssueTally(String id, String kind, String errorClass, String message, String stack, long count,
                         Instant firstSeen, Instant lastSeen, List<String> queues, List<Long> sampleJobIds) {

    /** The batch's tallies in fingerprint order: concurrent upserts then lock issue rows in one order. */
    public static List<IssueTally> of(List<FailureRecord> failures) {
        Map<String, List<FailureRecord>> byIssue = new TreeMap<>();
        for (FailureRecord failure : failures) {
            byIssue.computeIfAbsent(failure.issue(), k -> new ArrayList<>()).add(failure);
        }
        List<IssueTally> tallies = new ArrayList<>(byIssue.size());
        byIssue.forEach((id, group) -> tallies.add(tally(id, group)));
        return tallies;
    }

    private static IssueTally tally(String id, List<FailureRecord> group) {
        FailureRecord first = group.get(0);
        FailureRecord latest = first;
        TreeSet<String> queues = new TreeSet<>();
        for (FailureRecord failure : group) {
            if (failure.at().isBefore(first.at())) {
                first = failure;
            }
            if (!failure.at().isBefore(latest.at())) {
                latest = failure;
            }
            queues.add(failure.queue());
        }
        List<Long> samples = new ArrayList<>();
        for (FailureRecord failure : group.subList(Math.max(0, group.size() - Issue.MAX_SAMPLES), group.size())) {
            samples.add(failure.jobId());
        }
        List<String> someQueues = queues.stream().limit(Issue.MAX_QUEUES).toList();
        return new IssueTally(id, latest.kind(), latest.errorClass(), latest.message(), latest.stack(), group.size(),
                first.at(), latest.at(), someQueues, samples);
    }

    /** {@code older} then {@code newer}, keeping the last {@link Issue#MAX_SAMPLES}: the merge stores apply. */
    public static List<Long> mergeSamples(List<Long> older, List<Long> newer) {
        List<Long> all = new ArrayList<>(older);
        all.addAll(newer);
        return List.copyOf(all.subList(Math.max(0, all.size() - Issue.MAX_SAMPLES), all.size()));
    }

    /** The union of both, sorted, at most {@link Issue#MAX_QUEUES}: the merge stores apply. */
    public static List<String> mergeQueues(List<String> older, List<String> newer) {
        TreeSet<String> all = new TreeSet<>(older);
        all.addAll(newer);
        return all.stream().limit(Issue.MAX_QUEUES).toList();
    }
}
