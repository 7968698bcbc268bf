package dev.stevedore.examples;

import dev.stevedore.FailureQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueQuery;
import dev.stevedore.IssueStatus;
import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The example of docs/failures.md: a sign-up sync whose arguments carry a password and a card number,
 * redacted from failure records, and an operator's triage of the open issues. Compiled by the build
 * so the guide cannot drift from the API.
 */
public final class FailureTriage {
    /** A card, whose number must never reach a failure record. */
    public record Card(String number, String holder) {}

    /** The job's arguments. */
    @JobKind("crm.sync-signup")
    public record SyncSignup(long userId, String password, Card card) {}

    /** What the handler calls. */
    public interface Crm {
        void upsert(long userId, String holder) throws IOException;
    }

    private FailureTriage() {}

    /** Registers the handler and the redacted fields on {@code builder}. */
    public static StevedoreBuilder configure(StevedoreBuilder builder, Crm crm) {
        return builder
                .queue("crm", q -> q.concurrency(4))
                .redact("password", "card.number")
                .handle(SyncSignup.class, (ctx, job) -> crm.upsert(job.userId(), job.card().holder()),
                        k -> k.queue("crm"));
    }

    /** One line per open issue, most recently seen first, with how many failures and where. */
    public static List<String> openIssues(Stevedore stevedore) {
        List<String> lines = new ArrayList<>();
        for (Issue issue : stevedore.issues(IssueQuery.latest(20).status(IssueStatus.OPEN))) {
            var latest = stevedore.failures(FailureQuery.newest(1).issue(issue.id()));
            lines.add("%s %s%s: %s ×%d in %s, last job %s".formatted(issue.id(), issue.errorClass(),
                    issue.regressed() ? " (regression)" : "", issue.message(), issue.count(), issue.queues(),
                    latest.isEmpty() ? "-" : latest.get(0).jobId()));
        }
        return lines;
    }
}
