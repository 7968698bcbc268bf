package dev.stevedore;

/**
 * A queue was paused or resumed, published on the node whose {@link Stevedore#pauseQueue} or
 * {@link Stevedore#resumeQueue} call changed it: once per change, not for pausing a paused queue.
 *
 * @param queue the queue
 * @param type  what changed
 */
public record QueueChange(String queue, Type type) implements StevedoreEvent {
    /** What changed. */
    public enum Type {
        /** No node claims the queue's jobs from now on. */
        PAUSED,
        /** Claims of the queue's jobs resume. */
        RESUMED
    }
}
