package dev.stevedore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of the command line.
 *
 * @param code the exit code
 * @param out  what it printed on standard output
 * @param err  what it printed on standard error
 */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        return with(new Main(ShutdownSignal.manual()), args);
    }

    /** A run that must succeed (exit 0). */
    static CliRun ok(String... args) {
        CliRun run = of(args);
        org.assertj.core.api.Assertions.assertThat(run.code()).as(run.toString()).isZero();
        return run;
    }

    /** A SQLite file {@code jobs.db} in {@code dir}, migrated by the command line. */
    static String migrated(java.nio.file.Path dir) {
        String db = dir.resolve("jobs.db").toString();
        ok("migrate", "up", "-d", db);
        return db;
    }

    static CliRun with(Main main, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(main, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
