package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs list --sort next|finished} on a real SQLite file and a real PostgreSQL schema: the order,
 * its time column, and pages followed through the cursor each page prints, in the table and in JSON.
 */
class JobsListSortTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("add (--\\S+ \\S+) for the next page");

    @TempDir
    Path dir;

    @Test
    void onSqlite() {
        String db = CliRun.migrated(dir);
        try (Store store = SqliteStore.file(Path.of(db))) {
            pagesInTimeOrder(db, store);
        }
    }

    @Test
    void onPostgres() throws Exception {
        String schema = "cli_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        String url = MigratePostgresTest.JDBC_URL + "&schema=" + schema;
        try (Store store = PostgresStore.builder().jdbcUrl(MigratePostgresTest.JDBC_URL).schema(schema).build()) {
            store.migrateUp();
            pagesInTimeOrder(url, store);
        } finally {
            try (Connection c = DriverManager.getConnection(MigratePostgresTest.JDBC_URL); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private void pagesInTimeOrder(String db, Store store) {
        Instant at = store.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        List<Long> waiting = store.jobInsertMany(List.of(due("cli-sort", at.plusSeconds(60)), due("cli-sort", at),
                due("cli-sort", at), due("cli-sort", at), due("other", at)));
        store.jobInsertMany(Collections.nCopies(3, new NewJob("cli.sort", "cli-sort", "{}", 0, 3, JobState.AVAILABLE, null,
                Duration.ZERO, null, List.of(), Map.of())));
        List<Completion> outcomes = new ArrayList<>();
        for (Job job : store.jobClaim(new ClaimRequest("cli-sort", "cli-test", 3))) {
            outcomes.add(new Completion(job.id(), job.attempt(), outcomes.isEmpty() ? JobState.DISCARDED : JobState.COMPLETED,
                    Duration.ZERO, null, Completion.AttemptUse.CONSUMED));
        }
        store.jobCompleteMany(outcomes);
        List<Long> finished = outcomes.stream().map(Completion::jobId).toList();

        List<Long> next = sorted(store, waiting.subList(0, 4), Comparator.comparing(Job::scheduledAt).thenComparing(Job::id));
        List<Long> latest = sorted(store, finished, Comparator.comparing(Job::finishedAt).thenComparing(Job::id).reversed());
        assertThat(tablePages(db, "next")).containsExactlyElementsOf(next);
        assertThat(jsonPages(db, "next")).containsExactlyElementsOf(next);
        assertThat(tablePages(db, "finished")).containsExactlyElementsOf(latest);
        assertThat(jsonPages(db, "finished")).containsExactlyElementsOf(latest);

        String table = CliRun.ok("jobs", "list", "--sort", "next", "--queue", "cli-sort", "--limit", "2", "-d", db).out();
        assertThat(table.lines().findFirst().orElseThrow()).contains("CREATED").contains("SCHEDULED");
        assertThat(table).containsPattern(" in (2h59m|3h)\\b").contains("--cursor " + at + "/" + next.get(1));
        assertThat(CliRun.ok("jobs", "list", "--sort", "finished", "--state", "discarded", "--queue", "cli-sort", "-d", db).out())
                .contains("FINISHED").contains(" discarded ").doesNotContain(" completed ").doesNotContain("More may match");

        usage(db, "the order must be one of [newest, oldest, next, finished], was \"soon\"", "--sort", "soon");
        usage(db, "NEXT_TO_RUN lists only scheduled, retryable jobs, not completed", "--sort", "next", "--state", "completed");
        usage(db, "--before and --after page --sort newest and oldest; --sort finished pages with --cursor",
                "--sort", "finished", "--before", "9");
        usage(db, "--cursor pages --sort next and finished; --sort newest pages with --before and --after",
                "--cursor", at + "/1");
        usage(db, "a cursor is TIME/ID", "--sort", "next", "--cursor", "tomorrow/1");
        usage(db, "quarantined jobs are held", "--sort", "finished", "--quarantined");
    }

    private static NewJob due(String queue, Instant at) {
        return new NewJob("cli.sort", queue, "{}", 0, 3, JobState.SCHEDULED, at, Duration.ZERO, null, List.of(), Map.of());
    }

    private static List<Long> sorted(Store store, List<Long> ids, Comparator<Job> order) {
        return ids.stream().map(id -> store.jobGet(id).orElseThrow()).sorted(order).map(Job::id).toList();
    }

    /** Every id listed in {@code sort}, a page of two at a time, following the option each table prints. */
    private static List<Long> tablePages(String db, String sort) {
        List<Long> ids = new ArrayList<>();
        List<String> cursor = List.of();
        for (int pages = 0; pages < 10; pages++) {
            List<String> args = new ArrayList<>(List.of("jobs", "list", "--sort", sort, "--queue", "cli-sort", "--limit", "2",
                    "-d", db));
            args.addAll(cursor);
            String out = CliRun.ok(args.toArray(String[]::new)).out();
            out.lines().skip(1).map(line -> line.strip().split("\\s+")[0]).takeWhile(cell -> cell.matches("\\d+"))
                    .forEach(id -> ids.add(Long.parseLong(id)));
            Matcher more = NEXT.matcher(out);
            if (!more.find()) {
                return ids;
            }
            cursor = List.of(more.group(1).split(" "));
        }
        throw new AssertionError("more than 10 pages");
    }

    /** {@link #tablePages} through {@code --json}: each page's {@code next} holds the options to add. */
    private static List<Long> jsonPages(String db, String sort) {
        List<Long> ids = new ArrayList<>();
        List<String> cursor = List.of();
        for (int pages = 0; pages < 10; pages++) {
            List<String> args = new ArrayList<>(List.of("jobs", "list", "--sort", sort, "--queue", "cli-sort", "--limit", "2",
                    "--json", "-d", db));
            args.addAll(cursor);
            JsonNode page;
            try {
                page = JSON.readTree(CliRun.ok(args.toArray(String[]::new)).out());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            page.get("jobs").forEach(job -> ids.add(job.get("id").asLong()));
            if (page.get("next").isNull()) {
                return ids;
            }
            cursor = new ArrayList<>();
            for (JsonNode option : page.get("next")) {
                cursor.add(option.asText());
            }
        }
        throw new AssertionError("more than 10 pages");
    }

    private static void usage(String db, String message, String... options) {
        List<String> args = new ArrayList<>(List.of("jobs", "list", "-d", db));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
        assertThat(run.err()).as(run.toString()).contains(message);
    }
}
