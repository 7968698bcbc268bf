package dev.stevedore.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of a fan-out: its jobs and where the run stands after them. SPI record.
 *
 * <p>The store applies it only if the run is still at {@code position} (no other runner moved it
 * meanwhile): it inserts each job as {@link Store#jobInsertUnique} does, then records
 * {@code nextCursor} and {@code nextPosition}, and finishes the run when {@code nextCursor} is null,
 * all in one transaction.
 *
 * @param name         the fan-out
 * @param run          the run
 * @param position     where the run must stand for the page to apply
 * @param jobs         the page's jobs, each with a unique key
 * @param nextCursor   the source's cursor after this page, or null when the source is exhausted
 * @param nextPosition {@code position} plus the page's items
 */
public record FanOutPage(String name, String run, long position, List<NewJob> jobs, @Nullable String nextCursor,
        long nextPosition) {
    public FanOutPage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(run, "run");
        jobs = List.copyOf(jobs);
        for (NewJob job : jobs) {
            if (job.unique() == null) {
                throw new IllegalArgumentException("fan-out jobs need a unique key; " + job.kind() + " has none");
            }
        }
        if (nextPosition < position) {
            throw new IllegalArgumentException("nextPosition " + nextPosition + " is before position " + position);
        }
    }
}
