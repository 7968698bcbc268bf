package dev.stevedore.dashboard;

import dev.stevedore.JobState;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code POST /queues/{queue}/pause|resume|clear}: a first post shows what will happen and asks to
 * confirm; the confirmed post acts through the node and is written to the audit log.
 */
final class QueueActions implements Page {
    private static final List<String> ACTIONS = List.of("pause", "resume", "clear");
    private final Source source;
    private final AuditLog audit;

    QueueActions(Source source, AuditLog audit) {
        this.source = source;
        this.audit = audit;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        String queue = Params.path(ctx, "queue", Params.QUEUE, "a queue name (1-64 letters, digits, '.', '_' or '-')");
        String action = Params.pathAction(ctx, ACTIONS);
        Params form = Params.form(ctx, "confirm");
        if (!"yes".equals(form.choice("confirm", List.of("yes"), "no"))) {
            return confirm(queue, action, visit);
        }
        String done = switch (action) {
            case "pause" -> {
                source.node().pauseQueue(queue);
                yield "Paused " + queue + " on every node: no node claims its jobs until it is resumed; running jobs finish.";
            }
            case "resume" -> source.node().resumeQueue(queue) ? "Resumed " + queue + "." : queue + " was not paused; nothing changed.";
            default -> {
                int cancelled = source.node().clearQueue(queue);
                yield "Cancelled " + cancelled + " waiting job(s) of " + queue + " (reason: queue cleared); running jobs finish.";
            }
        };
        Html warning = audit.record(visit, "queue." + action, queue, List.of(), done);
        return Layout.done(done, warning, "/queues", "Back to queues");
    }

    private Html confirm(String queue, String action, Visit visit) {
        Counts counts = Counts.of(source.store().queueCounts());
        long waiting = counts.of(queue, JobState.SCHEDULED) + counts.of(queue, JobState.AVAILABLE)
                + counts.of(queue, JobState.RETRYABLE) + counts.of(queue, JobState.HELD);
        String what = switch (action) {
            case "pause" -> "Pause " + queue + " on every node? No node claims its jobs until it is resumed; "
                    + counts.of(queue, JobState.RUNNING) + " running job(s) finish.";
            case "resume" -> "Resume " + queue + " on every node? Claims start again at once.";
            default -> "Clear " + queue + "? This cancels its " + waiting + " waiting job(s) (scheduled, available,"
                    + " retryable, held) with the reason \"queue cleared\". Nothing is deleted; running jobs finish.";
        };
        return Html.of("""
                <p class="confirm" id="message">{}</p>
                <form method="post" action="/queues/{}/{}">{}<input type="hidden" name="confirm" value="yes">
                <button type="submit" id="confirm" class="{}">Yes, {} {}</button> <a href="/queues">No, back to queues</a></form>""",
                what, queue, action, visit.csrfField(), action.equals("clear") ? "danger" : "", action, queue);
    }
}
