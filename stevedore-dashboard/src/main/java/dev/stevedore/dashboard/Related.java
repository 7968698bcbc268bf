package dev.stevedore.dashboard;

import dev.stevedore.Job;

/** The issue a job's failures were grouped into, for the job page. */
final class Related {
    private final Source source;

    Related(Source source) {
        this.source = source;
    }

    Html of(Job job) {
        return Html.EMPTY;
    }
}
