package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.stevedore.AttemptError;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobOptions;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The bad-input corpus ({@code badinput/*.properties}, one file per case with the outcome it must
 * have) run against a real store: malformed and wrongly shaped arguments, unknown kinds, oversized
 * payloads, NUL and Unicode, invalid names, delays and cron expressions, SQL in search fields. Each
 * case is refused with a clear message and leaves the store's jobs as they were, or is stored and
 * ends where the case says (discarded or held with the reason, or completed with its arguments intact)
 * — never lost, never stuck. Every store module subclasses this. See {@link BadInputCase} for the format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BadInputContract {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String QUEUE = "corpus";

    /** The arguments every corpus case is about. */
    @JobKind("corpus.text")
    public record CorpusText(String text, int count) {}

    private StoreFixture fixture;
    private Stevedore node;
    private final Map<Long, String> seen = new ConcurrentHashMap<>();

    /** A fresh, migrated, isolated store for the whole corpus. */
    protected abstract StoreFixture createFixture();

    @BeforeAll
    void startNode() {
        fixture = createFixture();
        node = FastTimings.builder(fixture.store())
                .handle(CorpusText.class, (ctx, job) -> seen.put(ctx.jobId(), job.text()), k -> k.queue(QUEUE).maxAttempts(1))
                .queue(QUEUE, q -> q.concurrency(2))
                // A rescue window of seconds, not FastTimings' 0.3 s: on a loaded machine the gap between a
                // claim's commit and the job reaching the node's buffer can exceed 0.3 s, and the node then
                // hands back a job it is about to run (see docs/RELIABILITY.md, "Bad input").
                .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(5))
                .build();
        node.start();
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.stop();
        }
        fixture.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseOfTheCorpus() {
        return BadInputCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.description(), () -> run(c)));
    }

    private void run(BadInputCase c) {
        switch (c.via()) {
            case "enqueue" -> enqueue(c);
            case "insert" -> insert(c);
            case "build" -> build(c);
            case "search" -> search(c);
            default -> throw new AssertionError(c.name() + ": unknown via " + c.via());
        }
    }

    private void enqueue(BadInputCase c) {
        CorpusText args = new CorpusText(c.text(), 1);
        Stevedore enqueuer = c.has("maxArgsBytes")
                ? FastTimings.builder(fixture.store()).maxArgsBytes(c.integer("maxArgsBytes")).build() : node;
        Consumer<JobOptions> options = o -> {
            o.queue(c.get("queue", QUEUE));
            if (c.has("delay")) {
                o.in(Duration.parse(c.get("delay")));
            }
            if (c.has("runAt")) {
                o.at(Instant.parse(c.get("runAt")));
            }
            if (c.has("tag")) {
                o.tags(c.get("tag"));
            }
            if (c.has("priority")) {
                o.priority(c.integer("priority"));
            }
        };
        List<String> before = jobs();
        Throwable thrown;
        long id = -1;
        try {
            id = enqueuer.enqueue(args, options).id();
            thrown = null;
        } catch (RuntimeException e) {
            thrown = e;
        }
        if (c.expect().equals("refused")) {
            assertRefused(c, thrown, before);
        } else {
            assertThat(thrown).as(c.name()).isNull();
            assertEnds(c, id, c.text());
        }
    }

    private void insert(BadInputCase c) {
        NewJob job = new NewJob(c.get("kind"), QUEUE, c.args(), 0, 1, JobState.AVAILABLE, null, Duration.ZERO, null,
                List.of(), Map.of());
        List<String> before = jobs();
        long id;
        try {
            id = fixture.store().jobInsertMany(List.of(job)).get(0);
        } catch (RuntimeException e) {
            assertThat(c.expect()).as(c.name() + " was refused: " + e).startsWith("refused");
            assertRefused(c, e, before);
            return;
        }
        assertThat(c.expect()).as(c.name() + " was stored").isNotEqualTo("refused");
        assertEnds(c, id, c.get("seen", null));
    }

    private void build(BadInputCase c) {
        List<String> before = jobs();
        Throwable thrown = catchThrowable(() -> FastTimings.builder(fixture.store())
                .handle(CorpusText.class, (ctx, job) -> {})
                .cron("corpus-schedule", c.get("cron"), new CorpusText("tick", 1))
                .build());
        assertRefused(c, thrown, before);
        assertThat(node.cronSchedules()).as("no schedule stored").isEmpty();
    }

    private void search(BadInputCase c) {
        long id = node.enqueue(new CorpusText(c.text(), 1), o -> o.queue(QUEUE)).id();
        await().atMost(WAIT).until(() -> node.job(id).orElseThrow().state() == JobState.COMPLETED);
        List<String> before = jobs();
        JobFilter filter = new JobFilter(Set.of(), c.get("queue", null), null, c.get("tag", null), null, null,
                c.get("contains", null), JobFilter.Order.NEWEST_FIRST, null, null, 10_000);
        List<Job> found = fixture.store().jobList(filter);
        if (c.expect().equals("found")) {
            String needle = c.get("contains").toLowerCase(java.util.Locale.ROOT);
            assertThat(found).as(c.name()).extracting(Job::id).contains(id);
            assertThat(found).as(c.name() + ": only jobs whose arguments hold the text")
                    .allSatisfy(j -> assertThat(node.job(j.id()).orElseThrow().args().toLowerCase(java.util.Locale.ROOT)
                            .replace("\\\\", "\\")).contains(needle));
        } else {
            assertThat(found).as(c.name()).isEmpty();
        }
        assertThat(jobs()).as(c.name() + ": the store's jobs are unchanged").isEqualTo(before);
    }

    /** The job ends where the case says, with the reason in its last error, or completed with its text intact. */
    private void assertEnds(BadInputCase c, long id, String expectedText) {
        await().atMost(WAIT).until(() -> node.job(id).orElseThrow().state().isFinal()
                || node.job(id).orElseThrow().state() == JobState.HELD);
        Job job = node.job(id).orElseThrow();
        String outcome = c.expect().replace("refused-or-", "");
        assertThat(job.state().dbName()).as(c.name() + ": " + job.errors()).isEqualTo(outcome);
        if (job.state() == JobState.COMPLETED) {
            assertThat(seen.get(id)).as(c.name() + ": the handler saw the text unchanged").isEqualTo(expectedText);
            report(c, "stored and completed, text intact");
        } else {
            AttemptError last = job.errors().get(job.errors().size() - 1);
            assertThat(c.errorMatches(last.message())).as(c.name() + ": " + last.message()).isTrue();
            report(c, "stored, then " + job.state().dbName() + ": " + last.message());
        }
    }

    private void assertRefused(BadInputCase c, Throwable thrown, List<String> before) {
        assertThat(thrown).as(c.name() + " must be refused").isNotNull();
        if (c.has("exception")) {
            assertThat(thrown.getClass().getSimpleName()).as(c.name() + ": " + thrown).isEqualTo(c.get("exception"));
        }
        assertThat(thrown).as(c.name()).isInstanceOf(RuntimeException.class);
        assertThat(c.errorMatches(thrown.getMessage())).as(c.name() + ": " + thrown.getMessage()).isTrue();
        assertThat(thrown.getMessage().length()).as(c.name() + ": a message of a readable size").isLessThan(2_000);
        assertThat(jobs()).as(c.name() + ": the store's jobs are unchanged").isEqualTo(before);
        report(c, "refused: " + thrown.getMessage());
    }

    /** Every job as "id:state", for before/after comparisons. */
    private List<String> jobs() {
        return fixture.store().jobList(JobFilter.all(10_000)).stream().map(j -> j.id() + ":" + j.state().dbName()).toList();
    }

    /** One line per case on the test's output, for docs/RELIABILITY.md. */
    private void report(BadInputCase c, String outcome) {
        System.out.println("badinput " + getClass().getSimpleName() + " " + c.name() + " -> " + outcome);
    }
}
