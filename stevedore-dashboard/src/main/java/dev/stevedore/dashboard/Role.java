package dev.stevedore.dashboard;

/** What a dashboard user may do. */
public enum Role {
    /** Reads every page; every action is refused (403). */
    VIEWER,
    /** Reads every page and acts: retry, cancel, discard, delete, pause, resume, clear, resolve, cron. */
    OPERATOR
}
