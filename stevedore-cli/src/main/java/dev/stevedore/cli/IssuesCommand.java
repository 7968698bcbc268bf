package dev.stevedore.cli;

import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueQuery;
import dev.stevedore.IssueStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import dev.stevedore.Stevedore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stevedore issues list|show|resolve|ignore|reopen}: failures grouped by fingerprint. */
@Command(name = "issues", mixinStandardHelpOptions = true,
        description = "Lists the issues failures are grouped into, shows one with its latest failures, and resolves,"
                + " ignores or reopens it.",
        subcommands = {IssuesCommand.ListIssues.class, IssuesCommand.Show.class, IssuesCommand.Resolve.class,
                IssuesCommand.Ignore.class, IssuesCommand.Reopen.class})
final class IssuesCommand implements Runnable {
    /** How many of an issue's latest failures {@code show} prints. */
    static final int SHOWN_FAILURES = 5;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: list, show, resolve, ignore or reopen");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Issues, latest seen first.")
    static final class ListIssues extends OperatorCommand {
        @Option(names = "--status", paramLabel = "STATUS", description = "Only open, resolved or ignored issues.")
        @Nullable IssueStatus status;
        @Option(names = "--kind", paramLabel = "KIND", description = "Only issues of this job kind.")
        @Nullable String kind;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                description = "At most N issues (1.." + FailureQuery.MAX_LIMIT + "). Default: ${DEFAULT-VALUE}.")
        int limit;
        @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            IssueQuery query = Operator.asUsage(() -> {
                IssueQuery q = IssueQuery.latest(limit);
                q = status == null ? q : q.status(status);
                return kind == null ? q : q.kind(kind);
            });
            List<Issue> issues;
            Instant now;
            try (Operator operator = open()) {
                issues = operator.node().issues(query);
                now = operator.store().now();
            }
            return print(json, issues, () -> table(issues, now));
        }

        private void table(List<Issue> issues, Instant now) {
            if (issues.isEmpty()) {
                out().println("No issues.");
                return;
            }
            TextTable table = new TextTable("ISSUE", "STATUS", ">COUNT", ">LAST SEEN", "KIND", "QUEUES", "ERROR");
            for (Issue issue : issues) {
                table.row(issue.id(), issue.status().dbName() + (issue.regressedAt() != null && issue.status() == IssueStatus.OPEN
                                ? " (regressed)" : ""), issue.count(), ago(issue.lastSeen(), now), issue.kind(),
                        String.join(",", issue.queues()), oneLine(issue.errorClass() + ": " + issue.message(), 80));
            }
            table.print(out());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One issue with its latest failures.")
    static final class Show extends OperatorCommand {
        @Parameters(paramLabel = "ISSUE", description = "The issue's id (16 hex characters).")
        String id;
        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        record Shown(Issue issue, List<Failure> latestFailures) {}

        @Override
        public Integer call() {
            Shown shown;
            Instant now;
            try (Operator operator = open()) {
                Issue issue = operator.node().issue(id).orElseThrow(() -> unknown(id));
                shown = new Shown(issue, operator.node().failures(FailureQuery.newest(SHOWN_FAILURES).issue(id)));
                now = operator.store().now();
            }
            return print(json, shown, () -> describe(shown, now, out()));
        }

        private static void describe(Shown shown, Instant now, PrintWriter out) {
            Issue issue = shown.issue();
            out.printf("Issue %s: %s%n", issue.id(), issue.status().dbName());
            out.printf("Kind:       %s%n", issue.kind());
            out.printf("Error:      %s: %s%n", issue.errorClass(), issue.message());
            out.printf("Count:      %d, first seen %s, last seen %s%n", issue.count(), ago(issue.firstSeen(), now),
                    ago(issue.lastSeen(), now));
            if (issue.regressedAt() != null) {
                out.printf("Regressed:  %s (failed again after it was resolved)%n", ago(issue.regressedAt(), now));
            }
            out.printf("Queues:     %s%n", String.join(", ", issue.queues()));
            out.printf("Sample jobs: %s%n%n", issue.sampleJobIds());
            if (!shown.latestFailures().isEmpty()) {
                TextTable failures = new TextTable(">FAILURE", ">JOB", ">ATTEMPT", "CATEGORY", "QUEUE", "NODE", ">WHEN");
                for (Failure f : shown.latestFailures()) {
                    failures.row(f.id(), f.jobId(), f.attempt(), f.category().name().toLowerCase(java.util.Locale.ROOT),
                            f.queue(), f.node(), ago(f.at(), now));
                }
                failures.print(out);
                out.println();
            }
            out.println(issue.stack().strip());
        }
    }

    /** What resolve, ignore and reopen share: one issue id, one action, the issue printed afterwards. */
    abstract static class StatusChange extends OperatorCommand {
        @Parameters(paramLabel = "ISSUE", description = "The issue's id (16 hex characters).")
        String id;
        private final String verb;
        private final BiFunction<Stevedore, String, Optional<Issue>> action;

        StatusChange(String verb, BiFunction<Stevedore, String, Optional<Issue>> action) {
            this.verb = verb;
            this.action = action;
        }

        @Override
        public Integer call() {
            Issue issue;
            try (Operator operator = open()) {
                issue = action.apply(operator.node(), id).orElseThrow(() -> unknown(id));
                audit(operator, id, List.of(), verb + ": now " + issue.status().dbName());
            }
            out().printf("%s %s: now %s (%d failures, %s)%n", verb, issue.id(), issue.status().dbName(), issue.count(),
                    issue.kind());
            return 0;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Marks an issue fixed; if it fails again it reopens as a regression.")
    static final class Resolve extends StatusChange {
        Resolve() {
            super("resolved", Stevedore::resolveIssue);
        }
    }

    @Command(name = "ignore", mixinStandardHelpOptions = true,
            description = "Ignores an issue: it keeps counting but stays ignored.")
    static final class Ignore extends StatusChange {
        Ignore() {
            super("ignored", Stevedore::ignoreIssue);
        }
    }

    @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Makes a resolved or ignored issue open again.")
    static final class Reopen extends StatusChange {
        Reopen() {
            super("reopened", Stevedore::reopenIssue);
        }
    }

    private static UsageException unknown(String id) {
        return new UsageException("no issue " + id + " (see 'stevedore issues list')");
    }

    static String ago(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        return (age.isNegative() ? "0s" : Durations.format(age.withNanos(0))) + " ago";
    }

    /** "in 5m" for a time still to come (a job's due time), else as {@link #ago}. */
    static String fromNow(Instant at, Instant now) {
        Duration ahead = Duration.between(now, at);
        return ahead.isNegative() || ahead.isZero() ? ago(at, now) : "in " + Durations.format(ahead.withNanos(0));
    }

    /** The first line of {@code text}, cut to {@code max} characters. */
    static String oneLine(String text, int max) {
        String line = text.lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
