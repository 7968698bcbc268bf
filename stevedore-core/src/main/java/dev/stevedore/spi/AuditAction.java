package dev.stevedore.spi;

import java.util.List;
import java.util.Objects;

/**
 * An operator action to write to the audit log ({@link Store#auditRecord}). SPI record.
 *
 * @param actor   who: the dashboard user or token name, 1..200 characters
 * @param action  what, e.g. {@code "job.retry"} or {@code "queue.pause"}, 1..200 characters
 * @param target  on what: a queue, a schedule, an issue, or "jobs", 1..200 characters
 * @param jobIds  the jobs it was asked for, in order (empty when it is not about jobs), at most 10,000
 * @param outcome what happened, in words, at most 2,000 characters
 */
public record AuditAction(String actor, String action, String target, List<Long> jobIds, String outcome) {
    public AuditAction {
        checkText("actor", actor, 200);
        checkText("action", action, 200);
        checkText("target", target, 200);
        jobIds = List.copyOf(jobIds);
        if (jobIds.size() > 10_000) {
            throw new IllegalArgumentException("an audit entry lists at most 10000 jobs, was " + jobIds.size());
        }
        Objects.requireNonNull(outcome, "outcome");
        if (outcome.length() > 2000) {
            throw new IllegalArgumentException("outcome must be at most 2000 characters, was " + outcome.length());
        }
    }

    private static void checkText(String name, String value, int max) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1.." + max + " characters, was " + value.length());
        }
    }
}
