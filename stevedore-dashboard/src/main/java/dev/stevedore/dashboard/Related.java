package dev.stevedore.dashboard;

import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The issues a job's failure records were grouped into, for the job page. */
final class Related {
    private final Source source;

    Related(Source source) {
        this.source = source;
    }

    Html of(Job job) {
        if (job.errors().isEmpty()) {
            return Html.EMPTY;
        }
        // Attempt numbers per issue, from the job's failure records (newest first, through failures_job_idx).
        Map<String, List<Integer>> attempts = new LinkedHashMap<>();
        for (Failure failure : source.node().failures(FailureQuery.newest(FailureQuery.MAX_LIMIT).job(job.id()))) {
            attempts.computeIfAbsent(failure.issue(), k -> new ArrayList<>()).add(failure.attempt());
        }
        if (attempts.isEmpty()) {
            return Html.of("<section id=\"issues\"><h2>Issues</h2><p>No failure record is kept for this job (they are"
                    + " written a moment after each attempt and pruned after the failure retention).</p></section>");
        }
        List<Html> items = new ArrayList<>();
        attempts.forEach((issueId, numbers) -> source.node().issue(issueId).ifPresent(issue -> items.add(Html.of(
                "<li><a href=\"/issues/{}\">{}: {}</a> ({}, {} failures in all) — attempts {}</li>", issue.id(), issue.errorClass(),
                Format.shorten(issue.message(), 100), issue.status().dbName(), issue.count(), numbers.reversed().toString()))));
        return Html.of("<section id=\"issues\"><h2>Issues</h2><ul>{}</ul></section>", Html.join(items));
    }
}
