package dev.stevedore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code stevedore} command. Exit codes: 0 success, 1 failure (database unreachable, jobs left
 * unfinished …), 2 usage error (bad option, bad URL, bad JSON). Errors are one message, no stack trace;
 * set {@code STEVEDORE_DEBUG=1} for the trace.
 */
@Command(name = "stevedore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Background jobs for Java on PostgreSQL or an embedded SQLite file.",
        subcommands = {MigrateCommand.class, WorkerCommand.class, EnqueueCommand.class, StatusCommand.class,
                MigrateStoreCommand.class, QueuesCommand.class, JobsCommand.class, CronCommand.class,
                IssuesCommand.class, NodesCommand.class,
                AlertsCommand.class, HealthCommand.class,
                DemoCommand.class, BenchCommand.class, SoakCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'stevedore COMMAND --help' for a command's options. Docs: docs/cli.md"})
public final class Main implements Runnable {
    /** Exit code of a usage error. */
    public static final int USAGE = 2;
    /** Exit code of a failure. */
    public static final int FAILURE = 1;

    final ShutdownSignal shutdown;

    /** The command as the real process runs it: SIGTERM/SIGINT stop the worker. */
    public Main() {
        this(ShutdownSignal.jvm());
    }

    /** The command with a shutdown signal of the caller's (tests stop workers through it). */
    public Main(ShutdownSignal shutdown) {
        this.shutdown = shutdown;
    }

    public static void main(String[] args) {
        System.exit(run(new Main(), args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and returns its exit code; never calls {@link System#exit}. */
    public static int run(Main main, String[] args, PrintWriter out, PrintWriter err) {
        return run(main, args, out, err, System.getenv());
    }

    /** {@link #run(Main, String[], PrintWriter, PrintWriter)} with the environment given (tests). */
    static int run(Main main, String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> env) {
        try {
            args = WorkerConfig.expand(args, env);
        } catch (UsageException e) {
            err.println("stevedore worker: " + e.getMessage());
            return USAGE;
        }
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine));
        // A config file and the environment put options before the typed ones: the last one counts.
        cli.getSubcommands().get("worker").setOverwrittenOptionsAllowed(true);
        return cli.execute(args);
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
        }
        return USAGE;
    }

    private static int failure(Exception e, CommandLine cli) {
        PrintWriter err = cli.getErr();
        String name = cli.getCommandSpec().qualifiedName();
        if (e instanceof UsageException) {
            err.println(name + ": " + e.getMessage());
            err.println("Try '" + name + " --help'.");
            return USAGE;
        }
        err.println(name + ": " + describe(e));
        if (System.getenv("STEVEDORE_DEBUG") != null) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        } else {
            err.println("(set STEVEDORE_DEBUG=1 for the stack trace)");
        }
        return FAILURE;
    }

    /** The messages of an exception and its causes, without repeats. */
    static String describe(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            parts.add(message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip());
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!out.isEmpty()) {
                if (out.toString().contains(part)) {
                    continue;
                }
                out.append(": ");
            }
            out.append(part);
        }
        return out.toString();
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"stevedore " + (version == null ? "(development build)" : version),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }

}
