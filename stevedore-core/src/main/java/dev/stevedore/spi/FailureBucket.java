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
public record FailureBucket(String issueId, Instant start, long failures) {}
