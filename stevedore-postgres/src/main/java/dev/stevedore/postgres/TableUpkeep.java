package dev.stevedore.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums the store's tables where autovacuum will not. A job table turns over its rows all day: with
 * autovacuum off (server-wide, as on some managed or test servers, or for one table) its dead rows
 * pile up, the table and its indexes grow without end and claims slow down. So the leader, after each
 * prune, vacuums each of the schema's tables whose dead rows passed the threshold autovacuum would use,
 * and says once why. With autovacuum on it does nothing.
 */
final class TableUpkeep {
    private static final Logger LOG = LoggerFactory.getLogger(TableUpkeep.class);
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** Table names come from the catalogue; checked anyway before they are put in a statement. */
    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * The least time between two checks, as autovacuum's default naptime: a prune backlog calls upkeep
     * after every batch, and vacuuming a large table takes seconds, so checking each time would vacuum
     * back to back while pruning catches up.
     */
    static final long MIN_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final Db db;
    private final String schema;
    private long lastCheck = System.nanoTime() - MIN_INTERVAL_NANOS;
    private boolean warned;
    private volatile boolean refused;

    TableUpkeep(Db db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    /** Vacuums (and analyzes) what is due; returns the tables vacuumed. */
    synchronized List<String> run() {
        if (refused || System.nanoTime() - lastCheck < MIN_INTERVAL_NANOS) {
            return List.of();
        }
        lastCheck = System.nanoTime();
        List<String> due = db.list("tableUpkeep", "upkeep_due", Map.of("schema", schema), rs -> rs.getString(1));
        if (due.isEmpty()) {
            return due;
        }
        if (!warned) {
            warned = true;
            LOG.warn("autovacuum is off for {} in schema {}: this node vacuums them itself when their dead rows pass"
                    + " 1,000 + 1% of their rows. Turn autovacuum on (ALTER SYSTEM SET autovacuum = on) to leave it to"
                    + " PostgreSQL", due, schema);
        }
        List<String> vacuumed = new ArrayList<>();
        db.with("tableUpkeep", connection -> {
            connection.setAutoCommit(true); // VACUUM cannot run inside a transaction block
            for (String table : due) {
                if (!TABLE.matcher(table).matches()) {
                    continue;
                }
                if (!vacuum(connection, table)) {
                    break;
                }
                vacuumed.add(table);
            }
            return null;
        });
        return vacuumed;
    }

    private boolean vacuum(Connection connection, String table) throws SQLException {
        long start = System.nanoTime();
        // VACUUM takes no parameters: the names are the checked schema and a table name from the catalogue.
        String vacuum = "VACUUM (ANALYZE) " + schema + "." + table;
        try (Statement s = connection.createStatement()) {
            s.execute(vacuum);
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                refused = true;
                LOG.warn("cannot vacuum {}.{} ({}): only its owner can; with autovacuum off its dead rows will grow",
                        schema, table, e.getMessage());
                return false;
            }
            throw e;
        }
        LOG.info("vacuumed {}.{} in {} ms (autovacuum is off)", schema, table, (System.nanoTime() - start) / 1_000_000);
        return true;
    }
}
