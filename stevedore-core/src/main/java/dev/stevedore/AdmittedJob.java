package dev.stevedore;

/**
 * A claimed job that passed flow control, and until when it may start ({@link System#nanoTime()}).
 *
 * <p>A job under a rate limit took tokens of a lease that counts its starts in one slot of the store's
 * window ({@link RateTokens}); it must start before that slot ends, or the store's count would no longer
 * cover its start and a window could hold more starts than the limit. A job that waited in a node's buffer
 * past that moment, or whose thread began too late, is held back instead of started: the runner checks
 * just before the handler begins.
 *
 * @param job     the job, running in the store under this node
 * @param startBy the last moment it may start, or {@link #ANY_TIME}
 */
record AdmittedJob(Job job, long startBy) {
    /** No rate limit applies: the job may start whenever a slot frees. */
    static final long ANY_TIME = Long.MAX_VALUE;

    static AdmittedJob anyTime(Job job) {
        return new AdmittedJob(job, ANY_TIME);
    }

}
