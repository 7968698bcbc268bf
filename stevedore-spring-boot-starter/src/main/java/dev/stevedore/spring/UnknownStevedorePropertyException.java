package dev.stevedore.spring;

import java.util.List;

/**
 * A {@code stevedore.*} property that no setting binds, most likely misspelt. Startup fails with it,
 * each unknown key listed with where it was set and the nearest known key.
 */
public class UnknownStevedorePropertyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final List<String> unknown;

    UnknownStevedorePropertyException(List<String> unknown) {
        super("Unknown Stevedore propert" + (unknown.size() == 1 ? "y " : "ies ") + String.join("; ", unknown)
                + ". The known keys are listed in docs/spring-boot.md.");
        this.unknown = List.copyOf(unknown);
    }

    /** Each unknown key, with where it was set and a suggestion when one is near. */
    public List<String> unknown() {
        return unknown;
    }
}
