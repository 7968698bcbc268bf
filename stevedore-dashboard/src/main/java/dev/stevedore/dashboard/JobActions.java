package dev.stevedore.dashboard;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /jobs/actions}: retry, cancel, discard, delete or run now the jobs ticked, through the
 * node, one by one, each outcome reported and the whole written to the audit log. Retrying a job held
 * for an authentication error first asks for an explicit confirmation: retrying before the credentials
 * are fixed only fails again.
 */
final class JobActions implements Page {
    static final List<String> ACTIONS = List.of("retry", "cancel", "discard", "delete", "run-now");
    /** The most jobs one action takes. */
    static final int MAX_JOBS = 500;
    private final Source source;
    private final AuditLog audit;

    JobActions(Source source, AuditLog audit) {
        this.source = source;
        this.audit = audit;
    }

    /** The action buttons; the job checkboxes join this form through their {@code form} attribute. */
    static Html form(Visit visit, String label) {
        return Html.of("""
                <form method="post" action="/jobs/actions" id="actions" class="actions">{}<span>{}</span>
                <button type="submit" name="action" value="retry" id="action-retry">Retry</button>
                <button type="submit" name="action" value="run-now" id="action-run-now">Run now</button>
                <button type="submit" name="action" value="cancel" id="action-cancel">Cancel</button>
                <button type="submit" name="action" value="discard" id="action-discard" class="danger">Discard</button>
                <button type="submit" name="action" value="delete" id="action-delete" class="danger">Delete</button>
                </form>""", visit.csrfField(), label);
    }

    /** The same form for one job, its id carried as a hidden field. */
    static Html formFor(Visit visit, long id) {
        return new Html(form(visit, "This job:").value().replace("</form>",
                Html.of("<input type=\"hidden\" name=\"id\" value=\"{}\"></form>", id).value()));
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params form = Params.form(ctx, "action", "id", "confirm_auth");
        String action = form.choice("action", ACTIONS, null);
        if (action == null) {
            throw Refusal.badRequest("action is required: one of " + ACTIONS);
        }
        List<Long> ids = form.ids("id", MAX_JOBS);
        if (ids.isEmpty()) {
            throw Refusal.badRequest("tick at least one job (parameter id)");
        }
        boolean confirmed = "yes".equals(form.choice("confirm_auth", List.of("yes"), "no"));
        if (action.equals("retry") && !confirmed) {
            List<Job> held = heldForAuthentication(ids);
            if (!held.isEmpty()) {
                return confirmAuthentication(visit, ids, held);
            }
        }
        List<Html> lines = new ArrayList<>();
        List<Long> changed = new ArrayList<>();
        for (long id : ids) {
            String outcome = act(action, id);
            if (outcome.startsWith("done")) {
                changed.add(id);
            }
            lines.add(Html.of("<li id=\"outcome-{}\"><a href=\"/jobs/{}\">job {}</a>: {}</li>", id, id, id, outcome));
        }
        String summary = action + ": " + changed.size() + " of " + ids.size() + " job(s) changed";
        Html warning = audit.record(visit, "job." + action, "jobs", ids,
                summary + (confirmed ? " (authentication holds confirmed)" : ""));
        return Html.of("<p class=\"notice\" id=\"message\">{}</p>{}<ul class=\"outcomes\">{}</ul><p><a href=\"/jobs\">Back to jobs</a></p>",
                summary, warning, Html.join(lines));
    }

    private List<Job> heldForAuthentication(List<Long> ids) {
        List<Job> held = new ArrayList<>();
        for (long id : ids) {
            source.node().job(id).filter(JobActions::heldForAuthentication).ifPresent(held::add);
        }
        return held;
    }

    /** Whether retrying {@code job} needs the operator's word that its credentials are fixed. */
    static boolean heldForAuthentication(Job job) {
        return job.state() == JobState.HELD && job.errorCategory() == ErrorCategory.AUTHENTICATION;
    }

    private static Html confirmAuthentication(Visit visit, List<Long> ids, List<Job> held) {
        List<Html> hidden = new ArrayList<>();
        ids.forEach(id -> hidden.add(Html.of("<input type=\"hidden\" name=\"id\" value=\"{}\">", id)));
        List<Html> list = new ArrayList<>();
        held.forEach(j -> list.add(Html.of("<li><a href=\"/jobs/{}\">job {}</a> ({}, queue {})</li>", j.id(), j.id(), j.kind(), j.queue())));
        return Html.of("""
                <p class="confirm" id="message">{} of the selected jobs are held for an authentication error. Retrying them
                before the credentials they use are fixed only fails again. Retry anyway?</p><ul>{}</ul>
                <form method="post" action="/jobs/actions">{}{}<input type="hidden" name="action" value="retry">
                <input type="hidden" name="confirm_auth" value="yes">
                <button type="submit" id="confirm" class="danger">Yes, the credentials are fixed: retry</button>
                <a href="/jobs?state=held">No, back to held jobs</a></form>""",
                held.size(), Html.join(list), visit.csrfField(), Html.join(hidden));
    }

    /** One job's action; the outcome starts with "done" when the job changed. */
    private String act(String action, long id) {
        Optional<Job> before = source.node().job(id);
        return before.isEmpty() ? "no such job (it may have been pruned)" : act(action, before.get());
    }

    /** {@code action} on {@code job} as read just before, through the node; the outcome starts with "done" when it changed. */
    String act(String action, Job job) {
        long id = job.id();
        try {
            return switch (action) {
                case "retry" -> moved(job, source.node().retry(id), JobState.AVAILABLE, job.awaitingUpstream()
                        ? "this workflow step waits for its upstream jobs"
                        : "only held, discarded, cancelled, scheduled and retryable jobs are retried");
                case "run-now" -> runNow(job);
                case "cancel" -> moved(job, source.node().cancel(id), JobState.CANCELLED, "finished jobs are not cancelled");
                case "discard" -> moved(job, source.node().discard(id), JobState.DISCARDED,
                        "only waiting jobs (scheduled, available, retryable, held) are discarded");
                default -> source.node().delete(id) ? "done: deleted"
                        : "not deleted: only finished jobs outside an unfinished batch are deleted (it is " + job.state().dbName() + ")";
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "refused: " + e.getMessage();
        }
    }

    private String runNow(Job job) {
        if (job.state() != JobState.SCHEDULED && job.state() != JobState.RETRYABLE) {
            return "not run now: only scheduled and retryable jobs are brought forward (it is " + job.state().dbName() + ")";
        }
        if (job.awaitingUpstream()) {
            return "not run now: this workflow step waits for its upstream jobs";
        }
        return moved(job, source.node().retry(job.id()), JobState.AVAILABLE, "");
    }

    private static String moved(Job before, Optional<Job> after, JobState target, String why) {
        if (after.isEmpty()) {
            return "no such job (it may have been pruned)";
        }
        Job job = after.get();
        if (job.state() == target && before.state() != target) {
            return "done: now " + job.state().dbName();
        }
        if (target == JobState.CANCELLED && job.cancelPending()) {
            return "done: cancel requested; its node interrupts it within about a second";
        }
        return "unchanged (" + job.state().dbName() + "): " + why;
    }
}
