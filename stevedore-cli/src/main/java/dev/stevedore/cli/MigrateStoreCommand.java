package dev.stevedore.cli;

import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stevedore migrate-store}: moves an embedded SQLite file's jobs and cron schedules to PostgreSQL. */
@Command(name = "migrate-store", mixinStandardHelpOptions = true,
        description = {"Moves the pending and scheduled jobs (with --history the finished ones too) and the cron schedules"
                + " of an embedded SQLite file into a PostgreSQL schema. The file is only read; each moved job's metadata"
                + " names its origin (stevedore.moved_from), so running it again moves only what is new.",
                "Stop the nodes on the file first: it refuses while one has a fresh heartbeat. Method: docs/stores.md."},
        footer = {"", "Examples:",
                "  stevedore migrate-store --from sqlite:jobs.db --to 'postgresql://db:5432/app?user=app' --dry-run",
                "  stevedore migrate-store --from sqlite:jobs.db --to 'postgresql://db:5432/app?user=app' --migrate"})
final class MigrateStoreCommand implements Callable<Integer> {
    /** A node heard from this recently may still be working on the file. */
    static final Duration LIVE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "sqlite:FILE", converter = Converters.StoreUrlConverter.class,
            description = "The SQLite file to move from (it must exist).")
    StoreUrl from;

    @Option(names = "--to", required = true, paramLabel = "URL", converter = Converters.StoreUrlConverter.class,
            description = "The PostgreSQL database (and ?schema=, default stevedore) to move to.")
    StoreUrl to;

    @Option(names = "--history", description = "Also move finished jobs (completed, discarded, cancelled).")
    boolean history;

    @Option(names = "--dry-run", description = "Say what would move; write nothing.")
    boolean dryRun;

    @Option(names = "--migrate", description = "Apply pending PostgreSQL migrations to the target first.")
    boolean migrate;

    @Override
    public Integer call() throws Exception {
        if (!(from instanceof StoreUrl.Sqlite sqlite)) {
            throw new UsageException("--from must be an embedded SQLite file (sqlite:FILE), was " + from.display());
        }
        if (!(to instanceof StoreUrl.Postgres postgres)) {
            throw new UsageException("--to must be a PostgreSQL URL, was " + to.display());
        }
        if (!Files.isRegularFile(sqlite.file())) {
            throw new UsageException("--from: no such SQLite file: " + sqlite.file());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Store source = sqlite.open()) {
            List<NodeInfo> live = source.nodeList().stream()
                    .filter(n -> n.heartbeatAt().isAfter(Instant.now().minus(LIVE))).toList();
            if (!live.isEmpty()) {
                err.printf("a node is still running on %s (%s, last heartbeat within %d s): stop it first, so that no job"
                        + " moves while it works on it%n", sqlite.display(), live.get(0).nodeId(), LIVE.toSeconds());
                return Main.FAILURE;
            }
        }
        try (Store target = postgres.open()) {
            MigrationStatus status = target.migrationStatus();
            if (status.pending()) {
                if (!migrate || dryRun) {
                    err.printf("%s is at schema version %d of %d: run with --migrate (or 'stevedore migrate up') first%n",
                            postgres.display(), status.applied(), status.latest());
                    return Main.FAILURE;
                }
                target.migrateUp();
            }
        }
        StoreMove.Report report = new StoreMove(sqlite.file(), postgres.jdbcUrl(), postgres.schema()).run(history, dryRun);
        String verb = dryRun ? "would move" : "moved";
        out.printf("%s %,d jobs from %s to %s%s%n", verb, report.movedTotal(), sqlite.display(), postgres.display(),
                report.moved().isEmpty() ? "" : " " + report.moved());
        if (report.alreadyMoved() > 0) {
            out.printf("%,d jobs were moved by an earlier run and were left alone%n", report.alreadyMoved());
        }
        if (report.uniqueDuplicates() > 0) {
            out.printf("%,d jobs were not moved: an unfinished job in the target holds their unique key%n", report.uniqueDuplicates());
        }
        if (report.inOpenBatches() > 0) {
            out.printf("%,d jobs stayed behind: they belong to batches that have not finished (batches do not move)%n",
                    report.inOpenBatches());
        }
        out.printf("cron schedules: %s %s%s%n", verb, report.cronMoved().isEmpty() ? "none" : report.cronMoved(),
                report.cronPresent().isEmpty() ? "" : "; already in the target, left as they are: " + report.cronPresent());
        out.flush();
        return 0;
    }
}
