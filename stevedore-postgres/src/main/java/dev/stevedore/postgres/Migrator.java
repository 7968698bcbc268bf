package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.params;

import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.jdbc.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Applies and reverts the numbered migrations shipped in the jar, recording them in
 * {@code schema_migrations}.
 *
 * <p>Each run is one transaction holding a transaction-scoped advisory lock keyed by the schema, so
 * nodes that start together and all migrate queue up: the first applies, the rest find nothing to do.
 * PostgreSQL's DDL is transactional, so a failed migration leaves nothing half-applied.
 */
final class Migrator {
    /** High half of the advisory lock key: "STEV". The low half is the schema's hash. */
    private static final long LOCK_NAMESPACE = 0x53544556L << 32;
    private static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";

    private final Db db;
    private final String schema;
    private final List<Migration> migrations;

    Migrator(Db db, String schema, List<Migration> migrations) {
        this.db = db;
        this.schema = schema;
        this.migrations = migrations;
    }

    int latest() {
        return migrations.size();
    }

    int up() {
        return db.inTransaction("migrateUp", c -> {
            lock(c);
            db.execute(c, "migrate_create_schema", Map.of());
            db.execute(c, "migrate_create_versions", Map.of());
            for (Migration migration : migrations.subList(applied(c), migrations.size())) {
                run(c, migration.up());
                db.update(c, "migrate_record", params("version", migration.version(), "name", migration.name()));
            }
            return latest();
        });
    }

    int down(int target) {
        if (target < 0 || target > latest()) {
            throw new IllegalArgumentException("target version must be in [0, " + latest() + "], was " + target);
        }
        return db.inTransaction("migrateDown", c -> {
            lock(c);
            if (!versionsExist(c)) {
                return 0;
            }
            int applied = applied(c);
            for (int version = applied; version > target; version--) {
                Migration migration = migrations.get(version - 1);
                run(c, migration.down());
                db.update(c, "migrate_forget", params("version", version));
            }
            if (target == 0) {
                db.execute(c, "migrate_drop_versions", Map.of());
                dropSchemaIfEmpty(c);
            }
            return Math.min(target, applied);
        });
    }

    MigrationStatus status() {
        return db.with("migrationStatus", c -> new MigrationStatus(versionsExist(c) ? applied(c) : 0, latest()));
    }

    private void lock(Connection c) throws SQLException {
        db.execute(c, "migrate_lock", params("key", LOCK_NAMESPACE | (schema.hashCode() & 0xffffffffL)));
    }

    private boolean versionsExist(Connection c) throws SQLException {
        return db.list(c, "migrate_versions_exist", Map.of(), rs -> rs.getBoolean(1)).get(0);
    }

    private int applied(Connection c) throws SQLException {
        int applied = db.list(c, "migrate_applied", Map.of(), rs -> rs.getInt(1)).get(0);
        if (applied > latest()) {
            throw new SQLException("schema " + schema + " is at version " + applied + " but this jar only knows "
                    + latest() + ": a newer Stevedore migrated it; upgrade this node");
        }
        return applied;
    }

    private static void run(Connection c, List<String> statements) throws SQLException {
        try (Statement statement = c.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Drops the schema unless something else lives in it (then the savepoint undoes the attempt). */
    private void dropSchemaIfEmpty(Connection c) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            db.execute(c, "migrate_drop_schema", Map.of());
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!DEPENDENT_OBJECTS_STILL_EXIST.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint);
        }
    }
}
