package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;

import dev.stevedore.PausedQueue;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SQL metacharacters, wildcards, control characters, odd Unicode and oversized text in every filter,
 * search and name the operator commands take: each run ends with exit 0 (nothing matched; an empty
 * filter is no filter), 1 or 2 and
 * one plain message, never a stack trace, and the store's jobs, paused queues and audit log are as they
 * were. Tags and metadata holding the same text are stored exactly, as bound values. Subclassed per
 * store engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliHostileInputContract {
    static final List<String> HOSTILE = List.of("mail'; DROP TABLE jobs; --", "' OR '1'='1", "%", "_%\\", "x\0y", "a\nb",
            "\u202Eevil\uD83D\uDE80", "q".repeat(5_000), "");

    /** A migrated store's --database URL for this class. */
    abstract String database();

    /** Removes what {@link #database()} created. */
    abstract void dropDatabase();

    @BeforeAll
    void seed() {
        run(0, "migrate", "up", "-d", database());
        for (int i = 0; i < 3; i++) {
            run(0, "enqueue", "-d", database(), "--kind", "email.send", "--args", "{\"n\":" + i + "}", "--queue", "mail",
                    "--tag", "vip");
        }
    }

    @AfterAll
    void drop() {
        dropDatabase();
    }

    @Test
    void everyFilterSearchAndNameRefusesOrMatchesNothingAndChangesNothing() {
        List<String> before = world();
        List<String> outcomes = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions(); // every failing run reported, not the first only
        for (String value : HOSTILE) {
            List<List<String>> commands = List.of(
                    List.of("jobs", "list", "--queue", value), List.of("jobs", "list", "--kind", value),
                    List.of("jobs", "list", "--state", value), List.of("jobs", "list", "--before", value),
                    List.of("jobs", "list", "--limit", value), List.of("jobs", "show", value), List.of("jobs", "retry", value),
                    List.of("jobs", "cancel", value), List.of("jobs", "discard", value), List.of("jobs", "delete", value),
                    List.of("issues", "list", "--kind", value), List.of("issues", "list", "--status", value),
                    List.of("issues", "show", value), List.of("issues", "resolve", value), List.of("issues", "ignore", value),
                    List.of("alerts", "--rule", value), List.of("health", "--queue", value), List.of("queues", "pause", value),
                    List.of("queues", "resume", value), List.of("queues", "clear", value, "--yes"),
                    List.of("cron", "enable", value), List.of("cron", "disable", value, "--reason", value));
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("-d", database()));
                CliRun run = CliRun.of(args.toArray(String[]::new));
                String what = command.get(0) + " " + command.get(1) + " with \""
                        + value.substring(0, Math.min(value.length(), 20)).replace("\0", "\\0") + "\": " + run;
                {
                    soft.assertThat(run.code()).as(what).isIn(0, Main.FAILURE, Main.USAGE);
                    soft.assertThat(run.out() + run.err()).as(what).doesNotContain("\tat ").doesNotContain("Exception")
                            .doesNotContain("SQLState").doesNotContain("syntax error");
                    if (run.code() != 0) {
                        // (picocli echoes the value it refuses, however long: the user's own input, on their own terminal)
                        soft.assertThat(run.err().strip()).as(what).isNotEmpty();
                        soft.assertThat(value.isEmpty() ? run.err() : run.err().replace(value, "")).as(what).hasSizeLessThan(600);
                    } else if (!value.isEmpty()) { // an empty filter is no filter
                        soft.assertThat(run.out()).as(what).containsAnyOf("No jobs match", "No issues", "No alerts", "[]", "no ");
                    }
                }
                outcomes.add(run.code() + " " + command.get(0) + " " + command.get(1));
            }
        }
        soft.assertAll();
        assertThat(world()).as("nothing changed").isEqualTo(before);
        assertThat(outcomes).as("runs").hasSize(HOSTILE.size() * 22);
    }

    @Test
    void tagsAndMetadataHoldingTheSameTextAreStoredExactly() {
        for (String value : List.of("mail'; DROP TABLE jobs; --", "%_\\", "\u202Eevil\uD83D\uDE80")) {
            CliRun enqueued = run(0, "enqueue", "-d", database(), "--kind", "email.send", "--args", "{}", "--tag", value,
                    "--meta", "note=" + value);
            long id = Long.parseLong(enqueued.out().strip());
            try (Store store = StoreUrls.parse(database()).open()) {
                var job = store.jobList(JobFilter.all(10_000).tagged(value)).stream().filter(j -> j.id() == id).findFirst();
                assertThat(job).as(value).isPresent();
                assertThat(job.get().tags()).containsExactly(value);
                assertThat(job.get().metadata()).containsEntry("note", value);
            }
        }
        CliRun nul = CliRun.of("enqueue", "-d", database(), "--kind", "email.send", "--args", "{}", "--tag", "x\0y");
        assertThat(nul.code()).as(nul.toString()).isEqualTo(Main.USAGE);
    }

    /** Jobs and their states, paused queues and the audit log's size, read from the store itself. */
    private List<String> world() {
        try (Store store = StoreUrls.parse(database()).open()) {
            List<String> world = new ArrayList<>();
            store.jobList(JobFilter.all(10_000)).forEach(j -> world.add(j.id() + ":" + j.state().dbName()));
            store.queuePausedList().stream().map(PausedQueue::queue).sorted().forEach(q -> world.add("paused " + q));
            world.add("audit " + store.auditList(null, 500).size());
            return world;
        }
    }

    private static CliRun run(int code, String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(run.toString()).isEqualTo(code);
        return run;
    }
}
