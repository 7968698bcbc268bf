package dev.stevedore.postgres.chaos;

import dev.stevedore.JobContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The record the chaos workers' handlers keep of every execution: a row when a handler starts (job,
 * attempt, node, kind, limit key, start time) and its end time and verdict when it returns. The suite
 * checks the jobs table against it afterwards.
 *
 * <p>Each row also holds when the runtime announced the execution ({@code announced_at}: its
 * {@code STARTED} event, published on the job's thread right after the runtime's last check and before
 * the handler is called). The rate limit is checked against that moment, the start the runtime
 * controls; the handler's own first reading ({@code started_at}) can come later on a loaded machine.
 *
 * <p>Times are the machine's real clock ({@link Instant#now()}), not the node's Stevedore clock, which
 * the suite skews on one node: the ledger is the suite's instrument, and every process of the suite
 * and the database run on one machine, so their real clocks agree.
 */
final class Ledger {
    /** Creates the ledger table in {@code schema}. */
    static String createTable(String schema) {
        return "CREATE TABLE " + schema + """
                .ledger (exec_id bigint PRIMARY KEY, job_id bigint NOT NULL, attempt int NOT NULL, node text NOT NULL,
                 kind text NOT NULL, limit_key text, started_at timestamptz NOT NULL, announced_at timestamptz,
                 finished_at timestamptz, ok boolean)""";
    }

    /** How long a handler keeps trying to record its end while the database is away (a restart). */
    private static final Duration FINISH_PATIENCE = Duration.ofMinutes(2);
    private static final Duration FINISH_RETRY = Duration.ofMillis(200);

    private final DataSource dataSource;
    private final String insert;
    private final String update;
    private final String nodeId;
    /** When each execution (job id/attempt) was announced, until its handler's start record takes it. */
    private final Map<String, Instant> announced = new ConcurrentHashMap<>();

    /** One execution, started. */
    record Execution(long id) {}

    Ledger(DataSource dataSource, String schema, String nodeId) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.insert = "INSERT INTO " + schema + ".ledger (exec_id, job_id, attempt, node, kind, limit_key, started_at,"
                + " announced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        this.update = "UPDATE " + schema + ".ledger SET finished_at = ?, ok = ? WHERE exec_id = ?";
    }

    /** Notes that the runtime announced the start of this attempt (its {@code STARTED} event), now. */
    void announced(long jobId, int attempt) {
        announced.put(jobId + "/" + attempt, Instant.now());
    }

    /**
     * Records the start of the job's execution before the handler does its work. If the database cannot
     * be reached this throws, and the attempt fails having done nothing.
     */
    Execution start(JobContext ctx, @Nullable String limitKey) throws SQLException {
        long id = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        // The time the handler started, taken before waiting for a connection of the ledger's pool.
        OffsetDateTime started = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        Instant announcedAt = announced.remove(ctx.jobId() + "/" + ctx.attempt());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setLong(1, id);
            ps.setLong(2, ctx.jobId());
            ps.setInt(3, ctx.attempt());
            ps.setString(4, nodeId);
            ps.setString(5, ctx.kind());
            ps.setString(6, limitKey);
            ps.setObject(7, started);
            ps.setObject(8, announcedAt == null ? null : OffsetDateTime.ofInstant(announcedAt, ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return new Execution(id);
    }

    /**
     * Records that the execution's work ended now, successfully or not. The time is taken before the
     * write; the write is retried while the database is away, so that only a killed node leaves an
     * execution without its end (the job stays running, and held, meanwhile).
     */
    void finish(Execution execution, boolean ok) throws SQLException, InterruptedException {
        OffsetDateTime end = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        long giveUp = System.nanoTime() + FINISH_PATIENCE.toNanos();
        while (true) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(update)) {
                ps.setObject(1, end);
                ps.setBoolean(2, ok);
                ps.setLong(3, execution.id());
                ps.executeUpdate();
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > giveUp) {
                    throw e;
                }
                Thread.sleep(FINISH_RETRY.toMillis());
            }
        }
    }
}
