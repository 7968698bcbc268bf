package dev.stevedore.spi;

import java.time.Instant;

/**
 * How many failures one issue recorded in one time bucket: what {@link Store#failureBuckets} returns,
 * for sparklines. SPI record.
 *
 * @param issueId  the issue
 * @param start    the bucket's start (the request's {@code since} plus a whole number of widths)
 * @param failures failures recorded in [start, start + width)
 */
public record FailureBucket(String issueId, Instant start, long failures) {
    /** The most issues one {@link Store#failureBuckets} read counts. */
    public static final int MAX_ISSUES = 500;

    /**
     * Throws {@link IllegalArgumentException} for a request a store refuses: more than {@value #MAX_ISSUES}
     * issues, or buckets narrower than a second. For store authors, so both engines refuse alike.
     */
    public static void checkRequest(java.util.List<String> issueIds, java.time.Duration width) {
        if (issueIds.size() > MAX_ISSUES) {
            throw new IllegalArgumentException("at most " + MAX_ISSUES + " issues at once, was " + issueIds.size());
        }
        if (width.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("width must be at least 1s, was " + width);
        }
    }
}
