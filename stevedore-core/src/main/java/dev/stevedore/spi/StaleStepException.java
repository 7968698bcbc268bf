package dev.stevedore.spi;

/**
 * A step's transaction was rolled back because its attempt no longer owns the job (it was rescued or
 * cancelled), or another attempt recorded the same step first. Nothing of the step committed; a later
 * attempt sees the step's record, if there is one, and skips it.
 */
public final class StaleStepException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StaleStepException(long jobId, int attempt, String step, String why) {
        super("step '" + step + "' of job " + jobId + " (attempt " + attempt + ") rolled back: " + why);
    }

    /** The message for a step whose attempt no longer owns the job. */
    public static final String NOT_RUNNING = "the attempt no longer owns the job (it was rescued, cancelled or finished)";
    /** The message for a step another attempt recorded first. */
    public static final String RECORDED = "another attempt recorded this step first";
}
