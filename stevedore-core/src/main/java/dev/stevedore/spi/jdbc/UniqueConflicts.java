package dev.stevedore.spi.jdbc;

import java.util.List;

/** The errors stores raise when an operation would give a unique key a second live holder. */
public final class UniqueConflicts {
    private UniqueConflicts() {}

    /**
     * Retrying job {@code id} would put it back into a state its uniqueness covers while another job
     * holds the key there; {@code holders} describes that job ({@code "42 (available)"}), if found.
     */
    public static IllegalStateException retryRefused(long id, List<String> holders) {
        return new IllegalStateException("job " + id + " cannot be retried: "
                + (holders.isEmpty() ? "another job" : "job " + String.join(", ", holders))
                + " holds the same unique key; cancel or finish that job first");
    }
}
