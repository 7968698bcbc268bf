package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.spi.AuditEntry;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands write the same audit log as the dashboard: who (cli:USER), what, which jobs, the outcome. */
class CliAuditTest {
    @TempDir
    Path dir;

    @Test
    void actionsAreAuditedAndRefusalsAreNot() {
        String db = dir.resolve("audit.db").toString();
        ok("migrate", "up", "-d", db);
        String printed = ok("enqueue", "-d", db, "--kind", "email.send", "--args", "{\"n\":1}", "--queue", "mail").out();
        long id = Long.parseLong(printed.replaceAll("(?s)\\D*(\\d+).*", "$1"));

        ok("queues", "pause", "mail", "-d", db);
        assertThat(CliRun.of("queues", "clear", "mail", "-d", db).code()).as("refused without --yes").isEqualTo(Main.USAGE);
        ok("jobs", "cancel", String.valueOf(id), "-d", db);
        ok("queues", "resume", "mail", "-d", db);

        List<AuditEntry> entries;
        try (Store store = SqliteStore.file(Path.of(db))) {
            entries = store.auditList(null, 10);
        }
        assertThat(entries).extracting(AuditEntry::action).containsExactly("queue.resume", "job.cancel", "queue.pause");
        assertThat(entries).allSatisfy(e -> assertThat(e.actor()).startsWith("cli:"));
        AuditEntry cancel = entries.get(1);
        assertThat(cancel.jobIds()).containsExactly(id);
        assertThat(cancel.outcome()).contains("now cancelled");
        assertThat(entries.get(2).target()).isEqualTo("mail");
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(run.toString()).isZero();
        return run;
    }
}
