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
