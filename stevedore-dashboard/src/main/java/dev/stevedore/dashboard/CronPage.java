package dev.stevedore.dashboard;

import dev.stevedore.CronSchedule;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code /cron}: every stored schedule with its last and next run and how the last run ended, and the actions. */
final class CronPage implements Page {
    private final Source source;

    CronPage(Source source) {
        this.source = source;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params.query(ctx);
        List<CronSchedule> schedules = source.node().cronSchedules();
        if (schedules.isEmpty()) {
            return Html.of("<p id=\"no-schedules\">No cron schedule is stored: schedules appear once a node declares them"
                    + " (StevedoreBuilder.cron).</p>");
        }
        List<Html> rows = new ArrayList<>();
        for (CronSchedule s : schedules) {
            CronSchedule.RunOutcome outcome = s.lastOutcome();
            rows.add(Html.of("""
                    <tr id="cron-{}"><td>{}</td><td><code>{}</code> {}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>
                    <td class="num">{}</td><td>{}</td><td class="actions">{}</td></tr>""",
                    s.name().hashCode() & 0x7fffffff, s.name(), s.expression(), s.zone(),
                    s.edit() == null ? Html.EMPTY : Html.of(" <span class=\"badge\" title=\"declared: {}\">edited</span>", s.edit().declaredExpression()),
                    s.enabled() ? Html.of("<span class=\"badge state-completed\">enabled</span>")
                            : Html.of("<span class=\"badge paused\">disabled</span> {}: {}", Format.ago(s.disabled().at(), visit.now()), s.disabled().reason()),
                    s.lastTick() == null ? Html.EMPTY : Html.of("{}", Format.ago(s.lastTick(), visit.now())),
                    s.lastJobId() == null ? Html.EMPTY : Html.of("<a href=\"/jobs/{}\">{}</a> {}", s.lastJobId(), s.lastJobId(),
                            s.lastJobState() == null ? "(pruned)" : s.lastJobState().dbName()),
                    outcome == null ? Html.EMPTY : Html.of("<span class=\"badge state-{}\">{}</span> {}", outcome.state().dbName(),
                            outcome.state().dbName(), Format.ago(outcome.at(), visit.now())),
                    s.consecutiveFailures(), s.nextTick() == null ? "" : Format.ago(s.nextTick(), visit.now())
                            + (s.queuedTick() == null ? "" : " (one tick queued)"),
                    visit.mayAct() ? actions(s, visit) : Html.EMPTY));
        }
        return Html.of("""
                <table id="cron"><thead><tr><th>Schedule</th><th>Expression</th><th>State</th><th>Last tick</th><th>Last run</th>
                <th>Last outcome</th><th class="num">Failures in a row</th><th>Next tick</th><th></th></tr></thead><tbody>{}</tbody></table>
                <p class="hint">Run now enqueues the schedule's job at once; backfill enqueues one for every tick of a past range
                that has none yet (at most {} ticks). Both need the schedule declared by this node.</p>""",
                Html.join(rows), dev.stevedore.CronControl.MAX_BACKFILL_TICKS);
    }

    private static Html actions(CronSchedule s, Visit visit) {
        String toggle = s.enabled() ? "disable" : "enable";
        return Html.of("""
                <form method="post" action="/cron/actions">{}<input type="hidden" name="name" value="{}">
                <button type="submit" name="action" value="{}">{}</button>
                <button type="submit" name="action" value="run">run now</button></form>
                <details class="backfill"><summary>backfill…</summary>
                <form method="post" action="/cron/actions" class="backfill">{}<input type="hidden" name="name" value="{}">
                <label>from <input name="from" type="datetime-local" step="1" required></label>
                <label>to <input name="to" type="datetime-local" step="1" required></label> <span class="hint">(UTC)</span>
                <button type="submit" name="action" value="backfill">backfill</button></form></details>""",
                visit.csrfField(), s.name(), toggle, toggle, visit.csrfField(), s.name());
    }
}
