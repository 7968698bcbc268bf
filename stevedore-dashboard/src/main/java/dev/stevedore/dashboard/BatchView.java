package dev.stevedore.dashboard;

import dev.stevedore.BatchStatus;
import java.time.Instant;
import java.util.Locale;

/** How a batch's state and progress read on every page that shows one. */
final class BatchView {
    private BatchView() {}

    /** Its state as a badge: running, succeeded (green) or failed (red). */
    static Html state(BatchStatus b) {
        String state = b.state().name().toLowerCase(Locale.ROOT);
        String style = switch (b.state()) {
            case RUNNING -> "running";
            case SUCCEEDED -> "completed";
            case FAILED -> "discarded";
        };
        return Html.of("<span class=\"badge state-{}\">{}</span>", style, state);
    }

    /**
     * A progress bar of the finished units, and the counts in words: "3 of 5 finished: 2 completed, 1 failed, …",
     * followed by " (counted 4s ago)" when they are a large running batch's tally rather than counted now.
     */
    static Html progress(BatchStatus b, Instant now) {
        int done = b.total() - b.pending();
        return Html.of("<progress max=\"{}\" value=\"{}\"></progress> <span class=\"counts\">{} of {} finished: {} completed,"
                        + " {} failed, {} cancelled, {} pending{}</span>", Math.max(1, b.total()), done, done, b.total(),
                b.completed(), b.failed(), b.cancelled(), b.pending(),
                b.talliedAt() == null ? "" : " (counted " + Format.ago(b.talliedAt(), now) + ")");
    }

    /** A link to the batch's page. */
    static Html link(long id) {
        return Html.of("<a href=\"/batches/{}\">{}</a>", id, id);
    }
}
