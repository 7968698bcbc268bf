package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.StaleStepException;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Step checkpoints ({@code JobContext.step}): a step's writes and its record commit together, so a
 * retry skips exactly the steps that committed. Run as a {@code @Nested} group of {@link RuntimeContract}.
 */
public abstract class StepRuntimeContract {
    /**
     * An order to charge and then confirm. {@code failAfter}: "charge" fails the first attempt after the
     * charge step, "inside" throws inside the charge step on the first attempt, "commit" calls commit()
     * inside the step.
     */
    @JobKind("tck.order")
    public record Order(String ref, String failAfter) {}

    private final Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private String charges;
    private String emails;

    /** The enclosing contract's nodes. */
    protected abstract ContractNodes nodes();

    @BeforeEach
    void createTheApplicationsTables() throws SQLException {
        charges = nodes().fixture().table("tck_charges");
        emails = nodes().fixture().table("tck_emails");
        try (Connection c = nodes().fixture().connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + charges + " (ref VARCHAR(100) NOT NULL, charge_id VARCHAR(100) NOT NULL)");
            s.execute("CREATE TABLE " + emails + " (ref VARCHAR(100) NOT NULL, body VARCHAR(200) NOT NULL)");
        }
    }

    private Stevedore node() {
        return nodes().start(b -> b.handle(Order.class, (ctx, order) -> {
            String chargeId = ctx.step("charge", String.class, tx -> {
                count("charge " + order.ref());
                insert(tx, "INSERT INTO " + charges + " (ref, charge_id) VALUES (?, ?)", order.ref(), "ch-" + order.ref());
                if (order.failAfter().equals("inside") && ctx.attempt() == 1) {
                    throw new IllegalStateException("card network timed out");
                }
                if (order.failAfter().equals("commit")) {
                    try {
                        tx.commit();
                    } catch (IllegalStateException refused) {
                        seen.put("commit", refused.getMessage());
                    }
                }
                return "ch-" + order.ref();
            });
            if (order.failAfter().equals("charge") && ctx.attempt() == 1) {
                throw new java.io.IOException("lost the connection to the mail server");
            }
            ctx.step("email", tx -> {
                count("email " + order.ref());
                insert(tx, "INSERT INTO " + emails + " (ref, body) VALUES (?, ?)", order.ref(), "charged " + chargeId);
            });
            String again = ctx.step("charge", String.class, tx -> {
                throw new AssertionError("a recorded step never runs again");
            });
            seen.put("again " + order.ref(), again);
        }, k -> k.maxAttempts(3)));
    }

    @Test
    void aRetrySkipsTheStepThatCommittedAndGetsItsRecordedResult() throws Exception {
        Stevedore node = node();
        long id = node.enqueue(new Order("A1", "charge")).id();
        Job done = awaitState(node, id, JobState.COMPLETED);

        assertThat(done.attempt()).isEqualTo(2);
        assertThat(ran.get("charge A1")).hasValue(1);
        assertThat(ran.get("email A1")).hasValue(1);
        assertThat(rows(charges)).containsExactly("A1|ch-A1");
        assertThat(rows(emails)).containsExactly("A1|charged ch-A1");
        assertThat(seen.get("again A1")).as("a step called again returns its recorded result").isEqualTo("ch-A1");
        assertThat(nodes().fixture().store().stepResult(id, "charge")).contains("\"ch-A1\"");
        assertThat(nodes().fixture().store().stepResult(id, "email")).contains("null");
        assertThat(nodes().fixture().store().stepResult(id, "never")).isEmpty();
    }

    @Test
    void aStepThatThrowsRollsBackItsOwnWritesAndRunsAgainOnTheRetry() throws Exception {
        Stevedore node = node();
        long id = node.enqueue(new Order("B2", "inside")).id();
        Job done = awaitState(node, id, JobState.COMPLETED);

        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("card network timed out"));
        assertThat(ran.get("charge B2")).hasValue(2);
        assertThat(rows(charges)).as("the first attempt's insert was rolled back").containsExactly("B2|ch-B2");
    }

    @Test
    void theStepsConnectionRefusesToCommitForTheStep() throws Exception {
        Stevedore node = node();
        long id = node.enqueue(new Order("C3", "commit")).id();
        awaitState(node, id, JobState.COMPLETED);
        assertThat(seen.get("commit")).contains("a step's transaction belongs to the step", "commit()");
        assertThat(rows(charges)).containsExactly("C3|ch-C3");
    }

    @Test
    void aStepCommitsOnlyWhileItsAttemptOwnsTheJobAndOnlyOnce() throws Exception {
        Store store = nodes().fixture().store();
        long id = store.jobInsertMany(List.of(ContractJobs.kindIn("tck.order", "steps"))).get(0);
        assertThat(store.jobClaim(new ClaimRequest("steps", "node-a", 1))).singleElement()
                .satisfies(job -> assertThat(job.attempt()).isEqualTo(1));

        assertThatThrownBy(() -> store.stepRun(id, 2, "charge", tx -> {
            insert(tx, "INSERT INTO " + charges + " (ref, charge_id) VALUES (?, ?)", "stale", "x");
            return "\"x\"";
        })).isInstanceOf(StaleStepException.class).hasMessageContaining(StaleStepException.NOT_RUNNING);
        assertThat(store.stepRun(id, 1, "charge", tx -> {
            insert(tx, "INSERT INTO " + charges + " (ref, charge_id) VALUES (?, ?)", "first", "y");
            return "\"y\"";
        })).isEqualTo("\"y\"");
        assertThatThrownBy(() -> store.stepRun(id, 1, "charge", tx -> {
            insert(tx, "INSERT INTO " + charges + " (ref, charge_id) VALUES (?, ?)", "second", "z");
            return "\"z\"";
        })).isInstanceOf(StaleStepException.class).hasMessageContaining(StaleStepException.RECORDED);
        assertThatThrownBy(() -> store.stepRun(id, 1, "other", tx -> {
            throw new java.io.FileNotFoundException("the step's own failure");
        })).isInstanceOf(java.io.FileNotFoundException.class);

        assertThat(rows(charges)).containsExactly("first|y");
        assertThat(store.stepResult(id, "charge")).contains("\"y\"");
        assertThat(store.stepResult(id, "other")).isEmpty();
    }

    private void count(String what) {
        ran.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    private static void insert(Connection tx, String sql, String a, String b) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setString(1, a);
            ps.setString(2, b);
            ps.executeUpdate();
        }
    }

    private List<String> rows(String table) throws SQLException {
        try (Connection c = nodes().fixture().connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2));
            }
            return out;
        }
    }

    private static Job awaitState(Stevedore node, long id, JobState state) {
        org.awaitility.Awaitility.await().atMost(RuntimeContract.WAIT)
                .until(() -> node.job(id).map(Job::state).orElse(null) == state);
        return node.job(id).orElseThrow();
    }
}
