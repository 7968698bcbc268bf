package dev.stevedore;

/**
 * Receives {@link JobEvent}s from this node. Called on the runtime's own threads: return quickly and
 * do not throw (a thrown exception is logged and ignored).
 */
@FunctionalInterface
public interface JobListener {
    /** Called once per event. */
    void onEvent(JobEvent event);
}
