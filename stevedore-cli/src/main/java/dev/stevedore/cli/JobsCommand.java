package dev.stevedore.cli;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.JobCursor;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.MatchingJobs;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stevedore jobs list|show|retry|cancel|discard|delete}: finding jobs and acting on one. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Lists jobs with filters (newest, oldest, next to run or latest finished first), shows one with"
                + " every attempt's error, and retries,"
                + " cancels, discards or deletes one.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Show.class, JobsCommand.Retry.class,
                JobsCommand.Cancel.class, JobsCommand.Discard.class, JobsCommand.Delete.class})
final class JobsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, show, retry or cancel");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Jobs newest first, or in another --sort. When a page is full it prints the option that gives"
                    + " the next: --before (newest), --after (oldest) or --cursor (next, finished).")
    static final class ListJobs extends OperatorCommand {
        @Mixin
        JobFilterOptions filters;
        @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "newest",
                description = "newest or oldest (by id, any state); next (scheduled and retryable jobs, earliest due"
                        + " first); finished (completed, discarded and cancelled jobs, latest first). Default: ${DEFAULT-VALUE}.")
        String sort;
        @Option(names = "--after", paramLabel = "ID", description = "Only jobs with a larger id (--sort oldest: the next page).")
        @Nullable Long after;
        @Option(names = "--cursor", paramLabel = "TIME/ID", description = "Only jobs past this place (--sort next or"
                + " finished: the next page, as the previous one printed it).")
        @Nullable String cursor;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N jobs (1..10000)."
                + " Default: ${DEFAULT-VALUE}.")
        int limit;
        @Option(names = "--json", description = "Print JSON for scripts instead of a table: {\"jobs\": [...], \"next\":"
                + " the options that give the next page, or null}.")
        boolean json;

        @Override
        public Integer call() {
            JobFilter.Order order = Operator.asUsage(() -> JobFilter.Order.ofWord(sort));
            JobCursor place = cursor == null ? null : Operator.asUsage(() -> JobCursor.parse(cursor));
            JobFilter filter = filters.filter(limit, order, after, place);
            List<Job> jobs;
            Instant now;
            try (Operator operator = open()) {
                jobs = operator.store().jobList(filter);
                now = operator.store().now();
            }
            List<String> next = jobs.size() == limit ? nextPage(order, jobs.get(jobs.size() - 1)) : null;
            Map<String, Object> page = new java.util.LinkedHashMap<>();
            page.put("jobs", jobs);
            page.put("next", next);
            return print(json, page, () -> table(order, jobs, next, now));
        }

        /** The options that list the page after the one ending with {@code last}. */
        private static List<String> nextPage(JobFilter.Order order, Job last) {
            return switch (order) {
                case NEWEST_FIRST -> List.of("--before", String.valueOf(last.id()));
                case OLDEST_FIRST -> List.of("--after", String.valueOf(last.id()));
                case NEXT_TO_RUN, LATEST_FINISHED -> List.of("--cursor", JobCursor.of(order, last).text());
            };
        }

        private void table(JobFilter.Order order, List<Job> jobs, @Nullable List<String> next, Instant now) {
            if (jobs.isEmpty()) {
                out().println("No jobs match.");
                return;
            }
            String timed = switch (order) {
                case NEXT_TO_RUN -> ">SCHEDULED";
                case LATEST_FINISHED -> ">FINISHED";
                case NEWEST_FIRST, OLDEST_FIRST -> null;
            };
            List<String> headings = new ArrayList<>(List.of(">ID", "STATE", "QUEUE", "KIND", ">ATTEMPT", ">CREATED"));
            if (timed != null) {
                headings.add(timed);
            }
            headings.add("LAST ERROR");
            TextTable table = new TextTable(headings.toArray(String[]::new));
            for (Job job : jobs) {
                AttemptError last = job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1);
                List<Object> cells = new ArrayList<>(List.of(job.id(), stateWords(job), job.queue(), job.kind(),
                        job.attempt() + "/" + job.maxAttempts(), IssuesCommand.ago(job.createdAt(), now)));
                if (timed != null) {
                    cells.add(IssuesCommand.fromNow(order.time(job), now));
                }
                cells.add(last == null ? "" : IssuesCommand.oneLine(last.errorClass() + ": " + last.message(), 60));
                table.row(cells.toArray());
            }
            table.print(out());
            if (next != null) {
                out().printf("%nMore may match: add %s for the next page.%n", String.join(" ", next));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One job: its state, times, arguments and every attempt's error.")
    static final class Show extends OperatorCommand {
        @Parameters(paramLabel = "ID", description = "The job's id.")
        long id;
        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        public Integer call() {
            Job job;
            Instant now;
            try (Operator operator = open()) {
                job = operator.node().job(id).orElseThrow(() -> unknown(id));
                now = operator.store().now();
            }
            return print(json, job, () -> describe(job, now, out()));
        }

        private static void describe(Job job, Instant now, PrintWriter out) {
            out.printf("Job %d: %s%n", job.id(), stateWords(job));
            if (job.quarantined()) {
                out.printf("Quarantined: %s, for crashing its worker too often; release it with: stevedore jobs retry %d%n",
                        IssuesCommand.ago(job.quarantinedAt(), now), job.id());
            }
            out.printf("Kind:      %s in queue %s, priority %d%n", job.kind(), job.queue(), job.priority());
            out.printf("Attempts:  %d of %d%n", job.attempt(), job.maxAttempts());
            out.printf("Created:   %s; scheduled %s%n", IssuesCommand.ago(job.createdAt(), now), job.scheduledAt());
            if (job.attemptedAt() != null) {
                out.printf("Attempted: %s by %s%n", IssuesCommand.ago(job.attemptedAt(), now), job.attemptedBy());
            }
            if (job.finishedAt() != null) {
                out.printf("Finished:  %s%n", IssuesCommand.ago(job.finishedAt(), now));
            }
            if (job.progress() != null) {
                out.printf("Progress:  %d%% %s%n", job.progress().percent(), job.progress().message());
            }
            if (job.cancellation() != null) {
                out.printf("Cancel:    requested %s: %s%n", IssuesCommand.ago(job.cancellation().requestedAt(), now),
                        job.cancellation().reason());
            }
            if (!job.tags().isEmpty() || !job.metadata().isEmpty()) {
                out.printf("Tags:      %s; metadata %s%n", job.tags(), job.metadata());
            }
            out.printf("Args:      %s%n", job.args());
            if (job.output() != null) {
                out.printf("Output:    %s%n", job.output());
            }
            for (AttemptError error : job.errors()) {
                out.printf("%nAttempt %d on %s, %s ago, %s after %s:%n%s%n", error.attempt(), error.node(),
                        IssuesCommand.ago(error.at(), now).replace(" ago", ""),
                        error.category().name().toLowerCase(java.util.Locale.ROOT), Durations.format(error.duration()),
                        error.stack().isBlank() ? error.errorClass() + ": " + error.message() : error.stack().strip());
            }
        }
    }

    /** The job's state as operators read it: a quarantined job says so beside {@code held}. */
    static String stateWords(Job job) {
        return job.quarantined() ? job.state().dbName() + " (quarantined)" : job.state().dbName();
    }

    /**
     * One action, on one job by id or on every job matching a filter ({@code --all-matching}), through
     * the node; each run is written to the audit log.
     */
    abstract static class JobAction extends OperatorCommand {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "The job's id (or use --all-matching).")
        @Nullable Long id;
        @Mixin
        JobFilterOptions filters;
        @Option(names = "--all-matching", description = "Act on every job matching the filter options, not on one ID.")
        boolean all;
        @Option(names = "--yes", description = "With --all-matching: act; without it the command only counts the jobs that match.")
        boolean yes;
        @Option(names = "--confirm-auth", description = "With --all-matching retry: retry jobs held for an authentication error"
                + " too (only once their credentials are fixed); without it they stay held.")
        boolean confirmAuth;

        /** The action on one job as read just before: a line that starts with "done" when the job changed. */
        abstract String act(Stevedore node, Job job);

        /** The action on the job with {@code id}; its exit code. */
        abstract int one(Operator operator, long id);

        /** Audits and prints the job's state after a retry or cancel; exit 0. */
        int reportState(Operator operator, String verb, Job job) {
            audit(operator, "jobs", List.of(job.id()), verb + " job " + job.id() + ": now " + job.state().dbName());
            out().printf("%s job %d: now %s%s%n", verb, job.id(), job.state().dbName(),
                    job.state() == JobState.RUNNING && job.cancellation() != null
                            ? " (its node interrupts it within about a second)" : "");
            return 0;
        }

        @Override
        public Integer call() {
            if (all) {
                if (id != null) {
                    throw new UsageException("give a job ID or --all-matching with filters, not both");
                }
                return allMatching();
            }
            if (id == null) {
                throw new UsageException("give a job ID, or --all-matching with filters (--state, --queue, --kind, --tag)");
            }
            if (filters.any() || yes || confirmAuth) {
                throw new UsageException("the filter options and --yes need --all-matching; one job is given by its ID alone");
            }
            try (Operator operator = open()) {
                return one(operator, id);
            }
        }

        /**
         * Every matching job, newest first, in passes of {@link #PASS} jobs, each pass audited with the
         * filter, its count and its jobs. Jobs enqueued after the first read are not reached.
         */
        private int allMatching() {
            JobFilter filter = filters.filter(1);
            String action = spec.name();
            try (Operator operator = open()) {
                if (!yes) {
                    int[] count = {0};
                    Long more = MatchingJobs.forEachPage(operator.store(), filter, PASS, page -> count[0] += page.size());
                    out().printf("%s job(s) match %s%n", more == null ? count[0] : "more than " + PASS, filter.describe());
                    throw new UsageException("add --yes to " + action + " them");
                }
                for (Long next = pass(operator, filter, action); next != null; ) {
                    next = pass(operator, filter.after(next), action);
                }
            }
            return 0;
        }

        /** One pass; returns where the next starts, or null when none is left. */
        private @Nullable Long pass(Operator operator, JobFilter filter, String action) {
            List<Long> asked = new ArrayList<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            int[] changed = {0};
            int[] leftHeld = {0};
            Long next = MatchingJobs.forEachPage(operator.store(), filter, PASS, page -> {
                for (Job job : page) {
                    if (action.equals("retry") && !confirmAuth && job.state() == JobState.HELD
                            && job.errorCategory() == ErrorCategory.AUTHENTICATION) {
                        leftHeld[0]++;
                        continue;
                    }
                    asked.add(job.id());
                    String outcome = act(operator.node(), job);
                    changed[0] += outcome.startsWith("done") ? 1 : 0;
                    outcomes.merge(outcome, 1, Integer::sum);
                }
            });
            if (asked.isEmpty() && leftHeld[0] == 0) {
                out().printf("no job matches %s%n", filter.describe());
                return null;
            }
            String summary = action + ": " + changed[0] + " of " + asked.size() + " job(s) matching " + filter.describe() + " changed"
                    + (leftHeld[0] == 0 ? "" : "; " + leftHeld[0] + " held for an authentication error left held (add"
                    + " --confirm-auth once their credentials are fixed)") + (confirmAuth ? " (authentication holds confirmed)" : "");
            String target = "jobs matching " + filter.describe();
            audit(operator, target.length() <= 200 ? target : target.substring(0, 199) + "…", asked, summary);
            out().println(summary);
            outcomes.forEach((outcome, n) -> out().printf("  %d job(s): %s%n", n, outcome));
            return next;
        }
    }

    /** The most jobs one pass of --all-matching acts on: what one audit entry lists. */
    static final int PASS = 10_000;

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Makes a held (quarantined included), discarded, cancelled or waiting job available now (a"
                    + " quarantined job starts again with no crashes counted); with --all-matching, every job matching"
                    + " the filter (jobs held for an authentication error only with --confirm-auth).")
    static final class Retry extends JobAction {
        @Override
        String act(Stevedore node, Job job) {
            return moved(job, node.retry(job.id()), JobState.AVAILABLE);
        }

        @Override
        int one(Operator operator, long id) {
            return reportState(operator, "retried", operator.node().retry(id).orElseThrow(() -> unknown(id)));
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a waiting job at once; asks the node running a running job to interrupt it. With"
                    + " --all-matching, every job matching the filter.")
    static final class Cancel extends JobAction {
        @Override
        String act(Stevedore node, Job job) {
            Optional<Job> after = node.cancel(job.id());
            return after.isPresent() && after.get().state() == JobState.RUNNING && after.get().cancellation() != null
                    && job.state() == JobState.RUNNING ? "done: cancel requested" : moved(job, after, JobState.CANCELLED);
        }

        @Override
        int one(Operator operator, long id) {
            return reportState(operator, "cancelled", operator.node().cancel(id).orElseThrow(() -> unknown(id)));
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Gives up on a waiting job (scheduled, available, retryable or held): it becomes discarded,"
                    + " with an error saying an operator discarded it. Exit 1 if the job was not waiting. With"
                    + " --all-matching, every job matching the filter.")
    static final class Discard extends JobAction {
        @Override
        String act(Stevedore node, Job job) {
            return moved(job, node.discard(job.id()), JobState.DISCARDED);
        }

        @Override
        int one(Operator operator, long id) {
            Job job = operator.node().discard(id).orElseThrow(() -> unknown(id));
            if (job.state() != JobState.DISCARDED) {
                return refused(spec.commandLine().getErr(), id, job.state(), "only waiting jobs (scheduled, available, retryable, held) can be"
                        + " discarded; a running one can be cancelled");
            }
            audit(operator, "jobs", List.of(id), "discarded job " + id);
            out().printf("discarded job %d: now discarded%n", id);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a finished job (completed, discarded or cancelled) now rather than at pruning; a job"
                    + " of a batch that has not finished is kept. Exit 1 if the job was not deleted. With --all-matching,"
                    + " every job matching the filter.")
    static final class Delete extends JobAction {
        @Override
        String act(Stevedore node, Job job) {
            return node.delete(job.id()) ? "done: deleted" : "not deleted (" + job.state().dbName() + ")";
        }

        @Override
        int one(Operator operator, long id) {
            if (!operator.node().delete(id)) {
                Job job = operator.node().job(id).orElseThrow(() -> unknown(id));
                return refused(spec.commandLine().getErr(), id, job.state(), job.state().isFinal()
                        ? "its batch has not finished (its tally and waiting steps read it)"
                        : "only finished jobs (completed, discarded, cancelled) can be deleted");
            }
            audit(operator, "jobs", List.of(id), "deleted job " + id);
            out().printf("deleted job %d%n", id);
            return 0;
        }
    }

    /** "done: now STATE" when the job reached {@code target} from another state, else "unchanged (STATE)". */
    private static String moved(Job before, Optional<Job> after, JobState target) {
        if (after.isEmpty()) {
            return "no such job (it may have been pruned)";
        }
        JobState now = after.get().state();
        return now == target && before.state() != target ? "done: now " + now.dbName() : "unchanged (" + now.dbName() + ")";
    }

    /** Says why the action left the job as it was; exit code {@link Main#FAILURE}. */
    private static int refused(java.io.PrintWriter err, long id, JobState state, String why) {
        err.printf("job %d is %s and was left as it is: %s%n", id, state.dbName(), why);
        return Main.FAILURE;
    }

    private static UsageException unknown(long id) {
        return new UsageException("no job " + id + " (it may have been pruned; see 'stevedore jobs list')");
    }
}
