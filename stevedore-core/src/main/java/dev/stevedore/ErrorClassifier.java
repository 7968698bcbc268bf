package dev.stevedore;

/**
 * Maps a handler's exception to an {@link ErrorCategory}.
 *
 * <p>The built-in classifier understands common JDK exceptions, exceptions implementing
 * {@link Categorized}, and types registered with {@code Stevedore.Builder#classify}. A custom
 * classifier returning {@code null} defers to the built-in one.
 */
@FunctionalInterface
public interface ErrorClassifier {
    /** The category of {@code error}, or {@code null} to defer to the built-in rules. */
    @org.jspecify.annotations.Nullable
    ErrorCategory classify(Throwable error);

    /** An exception that states its own category, for application exception types. */
    interface Categorized {
        /** This failure's category. */
        ErrorCategory category();
    }
}
