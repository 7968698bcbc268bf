package dev.stevedore.cli;

import dev.stevedore.CronBackfill;
import dev.stevedore.CronControl;
import dev.stevedore.CronSchedule;
import dev.stevedore.Enqueued;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stevedore cron list|run|backfill|enable|disable}: the stored schedules, shared by every node. */
@Command(name = "cron", mixinStandardHelpOptions = true,
        description = "Lists cron schedules with their last and next tick, runs one now, backfills a range of its ticks,"
                + " enables or disables one.",
        subcommands = {CronCommand.ListSchedules.class, CronCommand.Run.class, CronCommand.Backfill.class,
                CronCommand.Enable.class, CronCommand.Disable.class})
final class CronCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, run, backfill, enable or disable");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every stored schedule.")
    static final class ListSchedules extends OperatorCommand {
        @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            List<CronSchedule> schedules;
            Instant now;
            try (Operator operator = open()) {
                schedules = operator.node().cron().list();
                now = operator.store().now();
            }
            return print(json, schedules, () -> table(schedules, now));
        }

        private void table(List<CronSchedule> schedules, Instant now) {
            if (schedules.isEmpty()) {
                out().println("No cron schedules (a worker declares them when it starts).");
                return;
            }
            TextTable table = new TextTable("SCHEDULE", "EXPRESSION", "ZONE", "LAST TICK", "LAST OUTCOME", "NEXT TICK",
                    ">FAILURES", "");
            for (CronSchedule s : schedules) {
                table.row(s.name(), s.expression(), s.zone(),
                        s.lastTick() == null ? "-" : IssuesCommand.ago(s.lastTick(), now),
                        s.lastOutcome() == null ? "-" : s.lastOutcome().state().dbName() + " (job " + s.lastOutcome().jobId() + ")",
                        s.nextTick() == null ? "-" : s.nextTick().toString(), s.consecutiveFailures(),
                        s.enabled() ? "" : "disabled: " + s.disabled().reason());
            }
            table.print(out());
        }
    }

    /** One schedule, one action through the node's cron control, one line saying what happened. */
    abstract static class ScheduleAction extends OperatorCommand {
        @Parameters(paramLabel = "SCHEDULE", description = "The schedule's name.")
        String name;

        abstract String act(CronControl cron);

        /** The application's classes, for actions that need the schedule's job as declared in code. */
        @Nullable String classpath() {
            return null;
        }

        @Override
        public Integer call() {
            String done;
            try (Operator operator = Operator.open(database.url(), classpath())) {
                done = Operator.asUsage(() -> act(operator.node().cron()));
                audit(operator, name, java.util.List.of(), done);
            }
            out().println(done);
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Enqueues the schedule's job now, outside its ticks. The job's arguments and options come from"
                    + " its declaration in code, so the command loads the application's WorkerModules like the worker.")
    static final class Run extends ScheduleAction {
        @Option(names = {"-cp", "--classpath"}, required = true, paramLabel = "JAR_OR_DIR[:...]",
                description = "The application's jars, as given to 'stevedore worker --classpath'.")
        String classpath;

        @Override
        @Nullable String classpath() {
            return classpath;
        }

        @Override
        String act(CronControl cron) {
            Enqueued enqueued = cron.runNow(name);
            return enqueued.duplicate() ? name + ": a run is already waiting or running (job " + enqueued.id() + "); nothing enqueued"
                    : name + ": enqueued job " + enqueued.id();
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Enqueues a job for every tick of the schedule in [--from, --to) that has none yet (ticks already"
                    + " fired or backfilled are skipped), at most " + CronControl.MAX_BACKFILL_TICKS + " ticks. Needs the"
                    + " application's classes, like run.")
    static final class Backfill extends ScheduleAction {
        @Option(names = {"-cp", "--classpath"}, required = true, paramLabel = "JAR_OR_DIR[:...]",
                description = "The application's jars, as given to 'stevedore worker --classpath'.")
        String classpath;
        @Option(names = "--from", required = true, paramLabel = "INSTANT",
                description = "The first tick to consider, included: an ISO-8601 instant such as 2026-03-01T00:00:00Z.")
        Instant from;
        @Option(names = "--to", required = true, paramLabel = "INSTANT",
                description = "Where the range ends, excluded; not after now.")
        Instant to;

        @Override
        @Nullable String classpath() {
            return classpath;
        }

        @Override
        String act(CronControl cron) {
            CronBackfill done = cron.backfill(name, from, to);
            return name + ": backfilled " + done.enqueued() + " of " + done.ticks() + " tick(s) in [" + done.from() + ", "
                    + done.to() + ")" + (done.enqueued() < done.ticks() ? "; the others had a job already" : "");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Enables a schedule: its ticks resume and its failure streak restarts at zero.")
    static final class Enable extends ScheduleAction {
        @Override
        String act(CronControl cron) {
            cron.enable(name);
            Instant next = cron.get(name).map(CronSchedule::nextTick).orElse(null);
            return "enabled " + name + (next == null ? "" : "; next tick " + next);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables a schedule on every node.")
    static final class Disable extends ScheduleAction {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown by cron list.")
        @Nullable String reason;

        @Override
        String act(CronControl cron) {
            if (reason == null) {
                cron.disable(name);
            } else {
                cron.disable(name, reason);
            }
            return "disabled " + name;
        }
    }
}
