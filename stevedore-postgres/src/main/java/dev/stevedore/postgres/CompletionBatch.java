package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;

import dev.stevedore.AttemptError;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a batch of completions into the parallel arrays that {@code job_complete_many} unnests. */
final class CompletionBatch {
    private CompletionBatch() {}

    static Map<String, Object> params(Connection c, List<Completion> completions, String channel) throws SQLException {
        int n = completions.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        String[] states = new String[n];
        Long[] runInMs = new Long[n];
        String[] errors = new String[n];
        String[] categories = new String[n];
        Boolean[] refund = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Completion done = completions.get(i);
            ids[i] = done.jobId();
            attempts[i] = done.attempt();
            states[i] = done.state().dbName();
            runInMs[i] = done.runIn().toMillis();
            if (done.error() != null) {
                errors[i] = StoreJson.error(storable(done.error()));
                categories[i] = done.error().category().name().toLowerCase(Locale.ROOT);
            }
            refund[i] = done.attemptUse() == Completion.AttemptUse.REFUNDED;
        }
        return Db.params("ids", array(c, "int8", ids), "attempts", array(c, "int4", attempts),
                "states", array(c, "text", states), "run_in_ms", array(c, "int8", runInMs),
                "errors", array(c, "text", errors), "categories", array(c, "text", categories),
                "refund", array(c, "bool", refund), "channel", channel);
    }

    /**
     * The error without NUL characters, which jsonb cannot hold: one exception message carrying a NUL
     * must not make the whole batch's statement fail.
     */
    static AttemptError storable(AttemptError e) {
        return new AttemptError(e.attempt(), e.at(), scrub(e.node()), scrub(e.errorClass()), scrub(e.message()),
                scrub(e.stack()), e.category(), e.duration());
    }

    private static String scrub(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }
}
