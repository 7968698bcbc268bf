package dev.stevedore.dashboard;

import dev.stevedore.Job;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.MatchingJobs;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /jobs/bulk}: retry, cancel, discard, delete or run now every job matching the jobs page's
 * filter, not only the ticked ones. The filter travels in the form and is applied here, by the store,
 * newest first in reads of {@value MatchingJobs#PAGE}; one request acts on at most {@link #MAX_JOBS}
 * jobs and offers to continue below the last one. It first asks for a confirmation that says how many
 * jobs match and fixes the highest id, so jobs enqueued after that are never touched. Retrying leaves
 * jobs held for an authentication error alone unless the operator confirms those explicitly (a
 * second form, shown when any were met). Each request writes one audit entry: the filter, the count
 * and the jobs acted on.
 */
final class JobBulkActions implements Page {
    /** The most jobs one request acts on: what one audit entry lists. */
    static final int MAX_JOBS = 10_000;
    private final Source source;
    private final JobActions actions;
    private final AuditLog audit;

    JobBulkActions(Source source, JobActions actions, AuditLog audit) {
        this.source = source;
        this.actions = actions;
        this.audit = audit;
    }

    /** The jobs page's "all matching this filter" buttons, carrying the page's filter. */
    static Html form(Visit visit, JobQuery query) {
        return Html.of("""
                <form method="post" action="/jobs/bulk" id="bulk" class="actions">{}{}<span>Every job matching this filter ({}):</span>
                <button type="submit" name="action" value="retry" id="bulk-retry">Retry all</button>
                <button type="submit" name="action" value="run-now" id="bulk-run-now">Run all now</button>
                <button type="submit" name="action" value="cancel" id="bulk-cancel">Cancel all</button>
                <button type="submit" name="action" value="discard" id="bulk-discard" class="danger">Discard all</button>
                <button type="submit" name="action" value="delete" id="bulk-delete" class="danger">Delete all</button>
                </form>""", visit.csrfField(), query.hiddenFields(), query.describe());
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params form = Params.form(ctx, "action", "state", "quarantined", "queue", "kind", "tag", "q", "from", "to", "before",
                "confirm", "confirm_auth");
        String action = form.choice("action", JobActions.ACTIONS, null);
        if (action == null) {
            throw Refusal.badRequest("action is required: one of " + JobActions.ACTIONS);
        }
        JobQuery query = JobQuery.read(form, JobFilter.Order.NEWEST_FIRST, MatchingJobs.PAGE, form.id("before"), null, null);
        boolean confirmed = "yes".equals(form.choice("confirm", List.of("yes"), "no"));
        boolean authConfirmed = "yes".equals(form.choice("confirm_auth", List.of("yes"), "no"));
        return confirmed ? act(visit, action, query, authConfirmed) : confirm(visit, action, query);
    }

    /** How many match (up to the bound), the highest id they reach, and the button that acts. */
    private Html confirm(Visit visit, String action, JobQuery query) {
        long[] found = {0, 0};
        Long more = MatchingJobs.forEachPage(source.store(), query.filter(), MAX_JOBS, page -> {
            if (found[0] == 0) {
                found[1] = page.get(0).id();
            }
            found[0] += page.size();
        });
        if (found[0] == 0) {
            return Html.of("<p class=\"notice\" id=\"message\">No job matches {}: nothing to {}.</p>"
                    + "<p><a href=\"/jobs?{}\">Back to jobs</a></p>", query.describe(), action, JobQuery.queryString(query.values()));
        }
        String count = more == null ? String.valueOf(found[0]) : "more than " + MAX_JOBS;
        return Html.of("""
                <p class="confirm" id="message">{} {} job(s) matching {}? {}Jobs enqueued from now on are not included.</p>
                <form method="post" action="/jobs/bulk">{}{}<input type="hidden" name="action" value="{}">
                <input type="hidden" name="before" value="{}"><input type="hidden" name="confirm" value="yes">
                <button type="submit" id="confirm" class="{}">Yes, {} them</button> <a href="/jobs?{}">No, back to jobs</a></form>""",
                verb(action), count, query.describe(), more == null ? ""
                        : "This acts on the " + MAX_JOBS + " newest, then offers to go on with the rest. ",
                visit.csrfField(), query.hiddenFields(), action, found[1] + 1, action.equals("delete") || action.equals("discard")
                        ? "danger" : "", action, JobQuery.queryString(query.values()));
    }

    private Html act(Visit visit, String action, JobQuery query, boolean authConfirmed) {
        List<Long> asked = new ArrayList<>();
        List<Job> leftHeld = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        int[] changed = {0};
        Long next = MatchingJobs.forEachPage(source.store(), query.filter(), MAX_JOBS, page -> {
            for (Job job : page) {
                if (action.equals("retry") && !authConfirmed && JobActions.heldForAuthentication(job)) {
                    leftHeld.add(job);
                    continue;
                }
                asked.add(job.id());
                String outcome = actions.act(action, job);
                if (outcome.startsWith("done")) {
                    changed[0]++;
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
        });
        String summary = action + ": " + changed[0] + " of " + asked.size() + " job(s) matching " + query.describe() + " changed"
                + (leftHeld.isEmpty() ? "" : "; " + leftHeld.size() + " held for an authentication error left held")
                + (authConfirmed ? " (authentication holds confirmed)" : "") + (next == null ? "" : "; more match below job " + next);
        Html warning = audit.record(visit, "job." + action, target(query), asked, summary);
        List<Html> lines = new ArrayList<>();
        outcomes.forEach((outcome, n) -> lines.add(Html.of("<li>{} job(s): {}</li>", n, outcome)));
        return Html.of("""
                <p class="notice" id="message">{}</p>{}<ul class="outcomes" id="outcomes">{}</ul>{}{}
                <p><a href="/jobs?{}">Back to jobs</a></p>""", summary, warning, Html.join(lines),
                leftHeld.isEmpty() ? Html.EMPTY : confirmHeld(visit, query, leftHeld),
                next == null ? Html.EMPTY : Html.of("""
                        <form method="post" action="/jobs/bulk">{}{}<input type="hidden" name="action" value="{}">
                        <input type="hidden" name="before" value="{}"><input type="hidden" name="confirm" value="yes">
                        <input type="hidden" name="confirm_auth" value="{}">
                        <button type="submit" id="continue">Go on: {} the next {} matching job(s)</button></form>""",
                        visit.csrfField(), query.hiddenFields(), action, next, authConfirmed ? "yes" : "no", action, MAX_JOBS),
                JobQuery.queryString(query.values()));
    }

    /**
     * The explicit confirmation for the jobs held for an authentication error that a bulk retry left
     * alone: the same filter narrowed to held jobs, from the highest of them down.
     */
    private static Html confirmHeld(Visit visit, JobQuery query, List<Job> held) {
        List<Html> list = new ArrayList<>();
        held.subList(0, Math.min(20, held.size())).forEach(j -> list.add(Html.of(
                "<li><a href=\"/jobs/{}\">job {}</a> ({}, queue {})</li>", j.id(), j.id(), j.kind(), j.queue())));
        return Html.of("""
                <p class="confirm" id="auth-held">{} matching job(s) are held for an authentication error and were left held:
                retrying them before the credentials they use are fixed only fails again.</p><ul>{}</ul>
                <form method="post" action="/jobs/bulk">{}{}<input type="hidden" name="action" value="retry">
                <input type="hidden" name="before" value="{}"><input type="hidden" name="confirm" value="yes">
                <input type="hidden" name="confirm_auth" value="yes">
                <button type="submit" id="confirm-auth" class="danger">Yes, the credentials are fixed: retry them too</button></form>""",
                held.size(), Html.join(list), visit.csrfField(), query.with("state", "held").hiddenFields(), held.get(0).id() + 1);
    }

    /** The audit entry's target: the filter, cut to the 200 characters the log keeps (the outcome has it whole). */
    private static String target(JobQuery query) {
        String target = "jobs matching " + query.describe();
        return target.length() <= 200 ? target : target.substring(0, 199) + "…";
    }

    private static String verb(String action) {
        return switch (action) {
            case "run-now" -> "Run now";
            default -> Character.toUpperCase(action.charAt(0)) + action.substring(1);
        };
    }
}
