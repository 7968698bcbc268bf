package dev.stevedore.cli;

import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.Store;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stevedore migrate [up|down|status]}: applies, reverts or shows the schema migrations. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Applies, reverts or shows Stevedore's schema migrations.",
                "PostgreSQL is migrated only by this command (or the application calling migrateUp());"
                        + " a SQLite file migrates itself when opened."},
        footer = {"", "Examples:",
                "  stevedore migrate up --database 'postgresql://db:5432/app?user=app&schema=stevedore'",
                "  stevedore migrate status --database jobs.db",
                "  stevedore migrate down --to 0 --database ...   (drops every Stevedore table)"})
final class MigrateCommand implements Runnable {

    /** What to do. */
    enum Action { up, down, status }

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", defaultValue = "up",
            description = "up (default): apply every pending migration; down: revert to --to "
                    + "(default: one step back); status: show the applied and latest versions.")
    Action action;

    @Option(names = "--to", paramLabel = "N", description = "With down: the version to revert to (0 removes everything).")
    @Nullable Integer to;

    @Override
    public void run() {
        if (to != null && action != Action.down) {
            throw new UsageException("--to applies to 'migrate down' only; 'migrate up' applies every migration the jar ships");
        }
        if (to != null && to < 0) {
            throw new UsageException("--to must be ≥ 0, was " + to);
        }
        StoreUrl url = database.url();
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = url.open()) {
            MigrationStatus before = store.migrationStatus();
            switch (action) {
                case status -> out.printf("%s: schema version %d, latest %d%s%n", url.display(), before.applied(),
                        before.latest(), before.pending() ? " (" + (before.latest() - before.applied()) + " pending: run 'stevedore migrate up')" : " (up to date)");
                case up -> {
                    int reached = store.migrateUp();
                    out.printf(reached == before.applied() ? "%s: already at version %d%n" : "%s: migrated to version %d%n",
                            url.display(), reached);
                }
                case down -> {
                    int target = to != null ? to : Math.max(0, before.applied() - 1);
                    if (target > before.applied()) {
                        throw new UsageException("--to " + target + " is above the applied version " + before.applied()
                                + "; use 'migrate up' to go forward");
                    }
                    int reached = store.migrateDown(target);
                    out.printf(reached == before.applied() ? "%s: already at version %d%n" : "%s: reverted to version %d%n",
                            url.display(), reached);
                }
            }
        }
    }
}
