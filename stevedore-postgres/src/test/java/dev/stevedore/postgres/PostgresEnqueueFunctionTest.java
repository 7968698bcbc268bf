package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.Enqueued;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code <schema>.enqueue(...)}: jobs from other languages, checked, unique and woken like Java's. */
class PostgresEnqueueFunctionTest {
    private static final Path EXAMPLES = Path.of("../stevedore-examples/other-languages");

    @JobKind("email.send")
    record Email(String to, String template) {}

    private final PostgresFixture fixture = new PostgresFixture(PgTestDatabase.url());
    private final List<Stevedore> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(Stevedore::stop);
        fixture.close();
    }

    private record Row(long id, boolean created) {}

    private Row enqueue(Connection c, String sqlArgs) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT job_id, created FROM " + fixture.schema() + ".enqueue(" + sqlArgs + ")")) {
            assertThat(rs.next()).isTrue();
            return new Row(rs.getLong(1), rs.getBoolean(2));
        }
    }

    /** A node that is built, not started: it enqueues and reads, never runs a job. */
    private Stevedore producer(CountDownLatch started) {
        // A minute between polls: a job started within the test's wait was woken by the NOTIFY.
        Stevedore node = Stevedore.builder().store(fixture.store()).pollInterval(Duration.ofMinutes(1))
                .queue("mail", q -> q.concurrency(2))
                .handle(Email.class, (ctx, job) -> started.countDown())
                .build();
        nodes.add(node);
        return node;
    }

    @Test
    void aJobEnqueuedBySqlIsDecodedAndRunByAnIdleNodeWokenAtCommit() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Stevedore node = producer(started);
        node.start();
        Row row;
        try (Connection c = fixture.connection()) {
            c.setAutoCommit(false);
            row = enqueue(c, "'email.send', '{\"to\": \"ada@example.com\", \"template\": \"welcome\"}', "
                    + "queue => 'mail', tags => ARRAY['signup'], metadata => '{\"tenant\": \"acme\"}'");
            assertThat(started.await(300, TimeUnit.MILLISECONDS)).as("not before the commit").isFalse();
            c.commit();
        }
        assertThat(row.created()).isTrue();
        assertThat(started.await(20, TimeUnit.SECONDS)).as("woken by the NOTIFY sent at commit").isTrue();
        Job job = node.job(row.id()).orElseThrow();
        assertThat(job.kind()).isEqualTo("email.send");
        assertThat(job.queue()).isEqualTo("mail");
        assertThat(job.tags()).containsExactly("signup");
        assertThat(job.metadata()).containsEntry("tenant", "acme");
    }

    @Test
    void aRolledBackEnqueueLeavesNothingAndAFutureOneIsScheduled() throws Exception {
        try (Connection c = fixture.connection()) {
            c.setAutoCommit(false);
            long rolledBack = enqueue(c, "'email.send'").id();
            c.rollback();
            c.setAutoCommit(true);
            Row later = enqueue(c, "'email.send', run_at => now() + interval '1 hour', priority => 10");
            assertThat(fixture.store().jobGet(rolledBack)).isEmpty();
            Job job = fixture.store().jobGet(later.id()).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
            assertThat(job.priority()).isEqualTo(10);
        }
    }

    @Test
    void uniqueKeysAreTheOnesOfUniqueByKeySoSqlAndJavaRefuseEachOthersDuplicates() throws Exception {
        Stevedore node = producer(new CountDownLatch(0));
        try (Connection c = fixture.connection()) {
            Row first = enqueue(c, "'email.send', '{}', unique_key => 'welcome-ada'");
            Row again = enqueue(c, "'email.send', '{}', unique_key => 'welcome-ada'");
            assertThat(first.created()).isTrue();
            assertThat(again).isEqualTo(new Row(first.id(), false));

            Enqueued fromJava = node.enqueue(new Email("ada@example.com", "welcome"), o -> o.unique(u -> u.byKey("welcome-ada")));
            assertThat(fromJava.duplicate()).isTrue();
            assertThat(fromJava.id()).isEqualTo(first.id());

            Enqueued javaFirst = node.enqueue(new Email("bob@example.com", "welcome"), o -> o.unique(u -> u.byKey("welcome-bob")));
            assertThat(enqueue(c, "'email.send', '{}', unique_key => 'welcome-bob'")).isEqualTo(new Row(javaFirst.id(), false));
            assertThat(enqueue(c, "'other.kind', '{}', unique_key => 'welcome-bob'").created()).as("keys are per kind").isTrue();
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheReasonAndInsertNothing() throws Exception {
        try (Connection c = fixture.connection()) {
            assertRefused(c, "''", "kind must be 1-128");
            assertRefused(c, "'bad kind; drop table x'", "kind must be 1-128");
            assertRefused(c, "'k', '{}', queue => 'no spaces'", "queue must be 1-64");
            assertRefused(c, "'k', '[1, 2]'", "args must be a JSON object (the job's record), was array");
            assertRefused(c, "'k', 'null'", "args must be a JSON object");
            assertRefused(c, "'k', '{}', priority => 101", "priority must be between -100 and 100, was 101");
            assertRefused(c, "'k', '{}', max_attempts => 0", "max_attempts must be between 1 and 1000");
            assertRefused(c, "'k', '{}', run_at => now() + interval '11 years'", "more than 10 years away");
            assertRefused(c, "'k', '{}', tags => ARRAY['']", "each tag must be 1-100 characters");
            assertRefused(c, "'k', '{}', metadata => '{\"n\": 1}'", "metadata must be a JSON object of strings");
            assertRefused(c, "'k', '{}', unique_key => ''", "unique_key must be 1-1000 characters");
            try (Statement s = c.createStatement()) {
                s.execute("SET stevedore.max_args_bytes = 1024");
            }
            assertRefused(c, "'k', jsonb_build_object('blob', repeat('x', 2000))", "over the limit of 1024");
        }
        assertThat(fixture.store().queueCounts()).as("no job inserted").isEmpty();
    }

    private void assertRefused(Connection c, String sqlArgs, String reason) {
        assertThatThrownBy(() -> enqueue(c, sqlArgs)).isInstanceOf(SQLException.class).hasMessageContaining(reason)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("22023", "54000"));
    }

    @Test
    void thePsqlExampleRuns() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")), "psql is not installed");
        String out = run(List.of("/usr/bin/psql", libpqUrl(), "-X", "-q", "-A", "-t", "-v", "schema=" + fixture.schema(),
                "-f", EXAMPLES.resolve("enqueue.sql").toString()));
        assertThat(out.lines().filter(l -> l.endsWith("|t")).count()).as(out).isEqualTo(2);
        assertThat(fixture.store().queueCounts()).extracting(q -> q.queue() + ":" + q.state() + ":" + q.count())
                .containsExactlyInAnyOrder("mail:AVAILABLE:1", "default:SCHEDULED:1");
    }

    @Test
    void thePythonExampleRunsTwiceAndTheSecondFindsTheUniqueJobWaiting() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python) && run(List.of(python.toString(), "-c",
                "import importlib.util; print(importlib.util.find_spec('psycopg') is not None)")).strip().equals("True"),
                "Debian's python3-psycopg is not installed (bin/test installs it when run as root)");
        List<String> command = List.of(python.toString(), EXAMPLES.resolve("enqueue.py").toString(), libpqUrl(), fixture.schema());
        String first = run(command);
        String second = run(command);
        long id = fixture.store().queueCounts().isEmpty() ? -1 : firstJobId();
        assertThat(first).contains("job " + id + " enqueued").contains("refused: args must be a JSON object");
        assertThat(second).contains("job " + id + " already waiting");
        assertThat(fixture.store().queueCounts()).extracting(q -> q.queue() + ":" + q.count()).containsExactly("mail:1");
    }

    private long firstJobId() throws SQLException {
        try (Connection c = fixture.connection();
             PreparedStatement s = c.prepareStatement("SELECT min(id) FROM " + fixture.schema() + ".jobs");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The test database's JDBC URL as libpq takes it. */
    private static String libpqUrl() {
        return PgTestDatabase.url().substring("jdbc:".length());
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
