package dev.stevedore.spi;

import dev.stevedore.ErrorCategory;

/**
 * How many failures of one category a queue recorded in a window, and in how many issues. SPI record.
 *
 * @param category the failures' category
 * @param failures failed attempts recorded
 * @param issues   distinct issues (fingerprints) they belong to
 */
public record FailureCount(ErrorCategory category, long failures, long issues) {}
