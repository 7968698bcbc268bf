package dev.stevedore.cli;

import dev.stevedore.Stevedore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stevedore queues list|pause|resume|clear}: the queues of every node, and the actions on them. */
@Command(name = "queues", mixinStandardHelpOptions = true,
        description = "Lists queues with their jobs by state, and pauses, resumes or clears one on every node.",
        subcommands = {QueuesCommand.ListQueues.class, QueuesCommand.Pause.class, QueuesCommand.Resume.class,
                QueuesCommand.Clear.class})
final class QueuesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, pause, resume or clear");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each queue's jobs by state and whether it is paused.")
    static final class ListQueues extends OperatorCommand {
        @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            List<StatusCommand.QueueRow> queues;
            try (Operator operator = open()) {
                queues = StatusCommand.snapshot(operator.store(), database.url().display(),
                        operator.store().migrationStatus()).queues();
            }
            return print(json, queues, () -> StatusCommand.printQueues(queues, out()));
        }
    }

    /** One queue, one action through the node, one line saying what happened. */
    abstract static class QueueAction extends OperatorCommand {
        @Parameters(paramLabel = "QUEUE", description = "The queue.")
        String queue;

        abstract String act(Stevedore node);

        @Override
        public Integer call() {
            String done;
            try (Operator operator = open()) {
                done = Operator.asUsage(() -> act(operator.node()));
                audit(operator, queue, List.of(), done);
            }
            out().println(done);
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pauses a queue on every node: no node claims its jobs until it is resumed; running jobs finish.")
    static final class Pause extends QueueAction {
        @Override
        String act(Stevedore node) {
            node.pauseQueue(queue);
            return "paused " + queue + " on every node";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused queue on every node.")
    static final class Resume extends QueueAction {
        @Override
        String act(Stevedore node) {
            return node.resumeQueue(queue) ? "resumed " + queue : queue + " was not paused; nothing changed";
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = {"Cancels every job of a queue that has not started (scheduled, available, retryable, held),"
                    + " with the reason \"queue cleared\". Nothing is deleted; running jobs finish.",
                    "Pause the queue first to stop new work from starting meanwhile."})
    static final class Clear extends QueueAction {
        @Option(names = "--yes", description = "Confirm: clearing cancels jobs, so the command refuses without it.")
        boolean yes;

        @Override
        String act(Stevedore node) {
            if (!yes) {
                throw new UsageException("clearing cancels every waiting job of " + queue + "; add --yes to confirm");
            }
            int cancelled = node.clearQueue(queue);
            return String.format("cancelled %d waiting job%s of %s (reason: queue cleared); running jobs finish",
                    cancelled, cancelled == 1 ? "" : "s", queue);
        }
    }
}
