package dev.stevedore.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stevedore demo}: a few dozen jobs on an embedded SQLite file, with retries, a snooze and discards. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a small workload on an embedded SQLite file: emails (queue mail, 4 at once), image scoring"
                + " that fails and is retried (ai, 2), an upload that is snoozed once (ai), reports and exports of which"
                + " two are discarded (reports, 1).",
                "Prints progress every second and a summary; exits 0 when every job reached a final state."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--file", paramLabel = "PATH", defaultValue = "stevedore-demo.db",
            description = "The SQLite file, deleted and recreated. Default: ./${DEFAULT-VALUE}.")
    Path file;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "20",
            description = "Give up (exit 1) if jobs are still unfinished after this many seconds. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || seconds > 3600) {
            throw new UsageException("--seconds must be in [1, 3600], was " + seconds);
        }
        Demo.Summary summary = new Demo(file, java.time.Duration.ofSeconds(seconds), spec.commandLine().getOut()).run();
        return summary.unfinished() == 0 ? 0 : Main.FAILURE;
    }
}
