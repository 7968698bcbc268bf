package dev.stevedore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** What a running handler knows about the job it is performing. */
public interface JobContext {
    /** The job's id. */
    long jobId();

    /** The job's kind, as in {@link JobKind}. */
    String kind();

    /** The queue the job was claimed from. */
    String queue();

    /** This execution's attempt number, starting at 1. */
    int attempt();

    /** The attempt number after which a failure discards the job. */
    int maxAttempts();

    /**
     * The moment after which this execution is interrupted as timed out: its start plus its timeout,
     * or the job's deadline when that comes first. A heartbeat timeout can end it sooner.
     */
    Instant deadline();

    /**
     * When this node started this execution, on the node's clock: the moment the runtime called the
     * handler (after its last checks; the {@code STARTED} event is published at the same moment).
     */
    Instant startedAt();

    /** Tags given at enqueue. */
    List<String> tags();

    /** Metadata given at enqueue (for example the tenant or account the job concerns). */
    Map<String, String> metadata();

    /** The id of the node running this execution. */
    String nodeId();

    /**
     * The batch this job belongs to, if any: a job of an unfinished batch may add jobs to it
     * ({@link Stevedore#enqueueInBatch}). For a batch callback, the batch it reports on: read its tally
     * with {@link Stevedore#batch(long)}; the event ({@code success}, {@code failure} or
     * {@code complete}) is in {@link #metadata()} under {@link BatchOptions#EVENT_KEY}.
     */
    OptionalLong batchId();

    /**
     * Reports how far the job got, readable through {@link Stevedore#job(long)} as {@link Job#progress()}.
     * Cheap to call often: writes are batched and made at most every 250 ms per job, the latest value
     * winning, and the last report is written with the outcome. Counts as a {@link #heartbeat()}.
     *
     * @param percent 0..100, else {@link IllegalArgumentException}
     * @param message what it is doing; cut to {@value Job.Progress#MAX_MESSAGE_CHARS} characters
     */
    void progress(int percent, String message);

    /**
     * Tells the node this execution is alive. With a heartbeat timeout set (on the enqueue or the
     * kind), an execution that goes longer than that without a heartbeat or a {@link #progress}
     * report is interrupted and recorded as a timeout, then retried like one. Call it from the loop
     * that does the work: a handler stuck in a call that never returns stops beating. Cheap enough to
     * call per item: it writes one field and sends nothing to the store.
     */
    void heartbeat();

    /**
     * Records the job's output, stored as JSON with its outcome and readable as {@link Job#output()}.
     * A later call replaces an earlier one. Throws {@link IllegalArgumentException} when the value
     * cannot be written as JSON or its JSON is over the node's {@code maxOutputBytes} (default 64 KiB):
     * store large results elsewhere and record a reference.
     */
    void output(Object value);

    /**
     * Whether an operator asked to cancel this job while it runs ({@link Stevedore#cancel(long)}). The
     * handler's thread is also interrupted; a handler that loops without blocking should check this.
     */
    boolean cancelRequested();

    /**
     * Throws {@link java.util.concurrent.CancellationException} when {@link #cancelRequested()}: the job
     * then ends {@code cancelled}, without further retries.
     */
    void checkCancelled();

    /**
     * Runs a named step of this job at most once across all its attempts, and returns its result.
     * {@code work} gets a connection to the store's database inside a transaction; the step is recorded
     * as finished, with the JSON of its result, in that same transaction. So the step's own database
     * writes and its record commit together or not at all, and an attempt after a failure (a retry, a
     * rescue, an operator's retry) skips the step and gets the recorded result back instead:
     *
     * <pre>{@code
     * String chargeId = ctx.step("charge", String.class, tx -> payments.charge(tx, order));
     * ctx.step("email", tx -> mailer.sendReceipt(tx, order, chargeId));
     * }</pre>
     *
     * <p>Throwing from {@code work} rolls the transaction back and fails the attempt as the exception
     * says. The transaction is the step's: {@code work} must not commit, roll back, close or switch
     * the connection to auto-commit (those throw {@link IllegalStateException}). Effects outside the
     * database (an HTTP call) cannot join the transaction: give them an idempotency key such as
     * {@code "job-" + jobId()}. The step commits only while this attempt still owns the job; if the job
     * was rescued, or another attempt recorded the step first, nothing commits and it throws
     * {@link dev.stevedore.spi.StoreException}. On SQLite the step holds the file's write lock while
     * {@code work} runs: keep slow calls out of it.
     *
     * @param name       1-64 letters, digits, '.', '_' or '-', unique within the job
     * @param resultType the result's type, written and read as JSON like an output (null is allowed)
     */
    <T> T step(String name, Class<T> resultType, StepWork<T> work) throws Exception;

    /** {@link #step(String, Class, StepWork)} for a step without a result. */
    default void step(String name, StepAction work) throws Exception {
        step(name, Void.class, tx -> {
            work.run(tx);
            return null;
        });
    }

    /** A step's work with a result: see {@link #step(String, Class, StepWork)}. */
    @FunctionalInterface
    interface StepWork<T> {
        T run(java.sql.Connection tx) throws Exception;
    }

    /** A step's work without a result: see {@link #step(String, StepAction)}. */
    @FunctionalInterface
    interface StepAction {
        void run(java.sql.Connection tx) throws Exception;
    }
}
