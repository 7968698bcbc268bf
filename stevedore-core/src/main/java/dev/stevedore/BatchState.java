package dev.stevedore;

/** Where a batch is: open until every job and child batch in it is final, then one of two outcomes. */
public enum BatchState {
    /** Some job or child batch in it has not finished. */
    RUNNING,
    /** Finished, and every job in it completed (and every child batch succeeded). */
    SUCCEEDED,
    /** Finished, with at least one job discarded or cancelled (or a child batch failed). */
    FAILED
}
