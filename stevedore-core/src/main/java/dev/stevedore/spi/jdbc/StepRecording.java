package dev.stevedore.spi.jdbc;

import dev.stevedore.spi.StaleStepException;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The part of {@link Store#stepRun} that is the same on every JDBC store: inside the store's open
 * transaction, run the step's work, then record the step fenced by the attempt. For store authors.
 */
public final class StepRecording {
    /** The store's two statements, bound to the job, attempt and step name. */
    public interface Statements {
        /**
         * Inserts the step's record with {@code resultJson} if the job is running this attempt, doing
         * nothing on a conflict with a record already there ({@code ON CONFLICT DO NOTHING}); returns
         * the rows inserted.
         */
        int insert(Connection connection, String resultJson) throws SQLException;

        /** Whether the step has a record. */
        boolean recorded(Connection connection) throws SQLException;
    }

    private StepRecording() {}

    /**
     * Runs {@code work} then records the step, both on {@code connection} in the caller's transaction,
     * which the caller commits when this returns and rolls back when it throws. Returns the result's JSON.
     */
    public static String runAndRecord(Connection connection, long jobId, int attempt, String name,
                                      Store.StepTransaction work, Statements statements) throws Exception {
        String json = work.run(connection);
        if (statements.insert(connection, json) == 1) {
            return json;
        }
        throw new StaleStepException(jobId, attempt, name, statements.recorded(connection)
                ? StaleStepException.RECORDED : StaleStepException.NOT_RUNNING);
    }
}
