package dev.stevedore.spring;

import dev.stevedore.CronOptions;
import org.jspecify.annotations.Nullable;

/** {@code stevedore.cron.<name>.*}: a schedule that enqueues a job of a kind handled in this application. */
public class CronProperties {
    /** Five crontab fields, six with seconds first, or a nickname such as @daily. Required. */
    private @Nullable String expression;

    /** The job kind to enqueue (its @JobKind); a handler for it must be registered here. Required. */
    private @Nullable String kind;

    /** The job's arguments as a JSON object, decoded into the kind's record. */
    private String args = "{}";

    /** The zone the expression is read in, e.g. Europe/Paris. */
    private String zone = "UTC";

    /** What a tick does while the job of an earlier tick has not finished: allow, skip or queue-one. */
    private CronOptions.Overlap overlap = CronOptions.Overlap.ALLOW;

    public @Nullable String getExpression() { return expression; }
    public void setExpression(@Nullable String expression) { this.expression = expression; }
    public @Nullable String getKind() { return kind; }
    public void setKind(@Nullable String kind) { this.kind = kind; }
    public String getArgs() { return args; }
    public void setArgs(String args) { this.args = args; }
    public String getZone() { return zone; }
    public void setZone(String zone) { this.zone = zone; }
    public CronOptions.Overlap getOverlap() { return overlap; }
    public void setOverlap(CronOptions.Overlap overlap) { this.overlap = overlap; }
}
