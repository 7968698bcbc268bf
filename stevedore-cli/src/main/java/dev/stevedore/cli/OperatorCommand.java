package dev.stevedore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every operator command has: the database to act on and the output to print to. */
abstract class OperatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    Operator open() {
        return Operator.open(database.url());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /**
     * Writes the action just done to the store's audit log, as the dashboard does: actor
     * {@code cli:<OS user>}, action {@code <group>.<command>} ({@code queue.pause}, {@code job.retry},
     * {@code cron.run}, {@code issue.resolve} …). A log that cannot be written is a warning on stderr:
     * the action itself is done.
     */
    void audit(Operator operator, String target, java.util.List<Long> jobIds, String outcome) {
        String group = spec.parent() == null ? "" : spec.parent().name().replaceFirst("s$", "") + ".";
        String actor = ("cli:" + System.getProperty("user.name", "unknown"));
        try {
            operator.store().auditRecord(new dev.stevedore.spi.AuditAction(actor.substring(0, Math.min(200, actor.length())),
                    group + spec.name(), target, jobIds, outcome.length() > 2000 ? outcome.substring(0, 2000) : outcome));
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("warning: done, but the audit log could not be written: " + Main.describe(e));
        }
    }

    /** Prints {@code value} as JSON when {@code json}, else runs {@code table}; exit code 0. */
    Integer print(boolean json, Object value, Runnable table) {
        if (json) {
            out().println(CliJson.write(value));
        } else {
            table.run();
        }
        return 0;
    }
}
