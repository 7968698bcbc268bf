package dev.stevedore;

import java.time.Duration;

/** Node-wide fallbacks for options neither the enqueue nor the kind sets. */
record Defaults(int maxAttempts, Duration timeout, RetryPolicy retryPolicy) {}
