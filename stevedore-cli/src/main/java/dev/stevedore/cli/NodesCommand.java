package dev.stevedore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stevedore nodes}: the worker nodes with heartbeat age, queues, running jobs and memory. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Lists the worker nodes: heartbeat age, queues, running jobs, heap and RSS, the oldest running"
                + " job, the leader.")
final class NodesCommand extends OperatorCommand {
    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        StatusCommand.Snapshot snapshot;
        try (Operator operator = open()) {
            snapshot = StatusCommand.snapshot(operator.store(), database.url().display(),
                    operator.store().migrationStatus());
        }
        return print(json, snapshot.nodes(), () -> StatusCommand.printNodes(snapshot.nodes(), snapshot.now(), out()));
    }
}
