package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;

import dev.stevedore.AttemptError;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.ProgressReport;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a batch of completions into the parallel arrays that {@code job_complete_many} unnests, and a
 * batch of progress reports into those of {@code job_progress_many}.
 */
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
        // Most batches carry no output and no progress: then these go as empty arrays, which unnest
        // pads with nulls, so the common batch sends nothing extra.
        int reported = completions.stream().anyMatch(d -> d.output() != null || d.progress() != null) ? n : 0;
        String[] outputs = new String[reported];
        Short[] percents = new Short[reported];
        String[] messages = new String[reported];
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
            if (reported > 0) {
                outputs[i] = done.output();
            }
            if (done.progress() != null) {
                percents[i] = (short) done.progress().percent();
                messages[i] = scrub(done.progress().message());
            }
        }
        return Db.params("ids", array(c, "int8", ids), "attempts", array(c, "int4", attempts),
                "states", array(c, "text", states), "run_in_ms", array(c, "int8", runInMs),
                "errors", array(c, "text", errors), "categories", array(c, "text", categories),
                "refund", array(c, "bool", refund), "outputs", array(c, "text", outputs),
                "progress_percents", array(c, "int2", percents), "progress_messages", array(c, "text", messages),
                "channel", channel);
    }

    static Map<String, Object> progressParams(Connection c, List<ProgressReport> reports) throws SQLException {
        int n = reports.size();
        Long[] ids = new Long[n];
        Integer[] attempts = new Integer[n];
        Short[] percents = new Short[n];
        String[] messages = new String[n];
        for (int i = 0; i < n; i++) {
            ProgressReport report = reports.get(i);
            ids[i] = report.jobId();
            attempts[i] = report.attempt();
            percents[i] = (short) report.progress().percent();
            messages[i] = scrub(report.progress().message());
        }
        return Db.params("ids", array(c, "int8", ids), "attempts", array(c, "int4", attempts),
                "percents", array(c, "int2", percents), "messages", array(c, "text", messages));
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
