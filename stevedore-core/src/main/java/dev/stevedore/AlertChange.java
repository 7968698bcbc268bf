package dev.stevedore;

/**
 * An alert fired or resolved: published on the leader that stored the change, right before the alert
 * sinks receive the same object. See docs/alerts.md.
 *
 * @param type  fired or resolved
 * @param alert the alert as stored after the change
 */
public record AlertChange(Type type, Alert alert) implements StevedoreEvent {
    /** What happened. */
    public enum Type {
        /** A rule's condition holds for a subject that had no active alert (and is out of its cool-down). */
        FIRED,
        /** The condition of an active alert no longer holds. */
        RESOLVED
    }
}
