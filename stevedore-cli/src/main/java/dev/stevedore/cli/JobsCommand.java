package dev.stevedore.cli;

import dev.stevedore.AttemptError;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.JobFilter;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stevedore jobs list|show|retry|cancel|discard|delete}: finding jobs and acting on one. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Lists jobs newest first with filters, shows one with every attempt's error, and retries,"
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
            description = "Jobs newest first. Page with --before: the smallest id of the previous page.")
    static final class ListJobs extends OperatorCommand {
        @Option(names = "--state", paramLabel = "STATE", split = ",",
                description = "Only jobs in these states (scheduled, available, running, retryable, held, completed,"
                        + " discarded, cancelled), comma-separated.")
        @Nullable List<JobState> states;
        @Option(names = {"-q", "--queue"}, paramLabel = "QUEUE", description = "Only jobs of this queue.")
        @Nullable String queue;
        @Option(names = {"-k", "--kind"}, paramLabel = "KIND", description = "Only jobs of this kind.")
        @Nullable String kind;
        @Option(names = "--quarantined", description = "Only quarantined jobs: held for crashing their worker process"
                + " too often (release one with `stevedore jobs retry ID`).")
        boolean quarantined;
        @Option(names = "--before", paramLabel = "ID", description = "Only jobs with a smaller id (the next page).")
        @Nullable Long before;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N jobs (1..10000)."
                + " Default: ${DEFAULT-VALUE}.")
        int limit;
        @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            JobFilter all = Operator.asUsage(() -> new JobFilter(states == null ? Set.of() : EnumSet.copyOf(states),
                    queue, kind, before, limit));
            JobFilter filter = quarantined ? all.quarantined() : all;
            List<Job> jobs;
            Instant now;
            try (Operator operator = open()) {
                jobs = operator.store().jobList(filter);
                now = operator.store().now();
            }
            return print(json, jobs, () -> table(jobs, now));
        }

        private void table(List<Job> jobs, Instant now) {
            if (jobs.isEmpty()) {
                out().println("No jobs match.");
                return;
            }
            TextTable table = new TextTable(">ID", "STATE", "QUEUE", "KIND", ">ATTEMPT", ">CREATED", "LAST ERROR");
            for (Job job : jobs) {
                AttemptError last = job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1);
                table.row(job.id(), stateWords(job), job.queue(), job.kind(), job.attempt() + "/" + job.maxAttempts(),
                        IssuesCommand.ago(job.createdAt(), now),
                        last == null ? "" : IssuesCommand.oneLine(last.errorClass() + ": " + last.message(), 60));
            }
            table.print(out());
            if (jobs.size() == limit) {
                out().printf("%nMore may match: add --before %d for the next page.%n", jobs.get(jobs.size() - 1).id());
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

    /** One job id, one action through the node, the job's state afterwards. */
    abstract static class JobAction extends OperatorCommand {
        @Parameters(paramLabel = "ID", description = "The job's id.")
        long id;
        private final String verb;
        private final BiFunction<Stevedore, Long, Optional<Job>> action;

        JobAction(String verb, BiFunction<Stevedore, Long, Optional<Job>> action) {
            this.verb = verb;
            this.action = action;
        }

        @Override
        public Integer call() {
            Job job;
            try (Operator operator = open()) {
                job = action.apply(operator.node(), id).orElseThrow(() -> unknown(id));
                audit(operator, "jobs", List.of(id), verb + " job " + id + ": now " + job.state().dbName());
            }
            out().printf("%s job %d: now %s%s%n", verb, job.id(), job.state().dbName(),
                    job.state() == JobState.RUNNING && job.cancellation() != null
                            ? " (its node interrupts it within about a second)" : "");
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Makes a held (quarantined included), discarded, cancelled or waiting job available now; a"
                    + " quarantined job starts again with no crashes counted.")
    static final class Retry extends JobAction {
        Retry() {
            super("retried", Stevedore::retry);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a waiting job at once; asks the node running a running job to interrupt it.")
    static final class Cancel extends JobAction {
        Cancel() {
            super("cancelled", Stevedore::cancel);
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Gives up on a waiting job (scheduled, available, retryable or held): it becomes discarded,"
                    + " with an error saying an operator discarded it. Exit 1 if the job was not waiting.")
    static final class Discard extends OperatorCommand {
        @Parameters(paramLabel = "ID", description = "The job's id.")
        long id;

        @Override
        public Integer call() {
            try (Operator operator = open()) {
                Job job = operator.node().discard(id).orElseThrow(() -> unknown(id));
                if (job.state() != JobState.DISCARDED) {
                    return refused(spec.commandLine().getErr(), id, job.state(), "only waiting jobs (scheduled, available, retryable, held) can be"
                            + " discarded; a running one can be cancelled");
                }
                audit(operator, "jobs", List.of(id), "discarded job " + id);
            }
            out().printf("discarded job %d: now discarded%n", id);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a finished job (completed, discarded or cancelled) now rather than at pruning; a job"
                    + " of a batch that has not finished is kept. Exit 1 if the job was not deleted.")
    static final class Delete extends OperatorCommand {
        @Parameters(paramLabel = "ID", description = "The job's id.")
        long id;

        @Override
        public Integer call() {
            try (Operator operator = open()) {
                if (!operator.node().delete(id)) {
                    Job job = operator.node().job(id).orElseThrow(() -> unknown(id));
                    return refused(spec.commandLine().getErr(), id, job.state(), job.state().isFinal()
                            ? "its batch has not finished (its tally and waiting steps read it)"
                            : "only finished jobs (completed, discarded, cancelled) can be deleted");
                }
                audit(operator, "jobs", List.of(id), "deleted job " + id);
            }
            out().printf("deleted job %d%n", id);
            return 0;
        }
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
