package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.jdbc.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * Applies and reverts the numbered migrations shipped in the jar, recording them in
 * {@code schema_migrations}.
 *
 * <p>Each run is one {@code BEGIN IMMEDIATE} transaction: SQLite's DDL is transactional, so a failed
 * migration leaves nothing half-applied, and processes opening the same new file at once queue on the
 * write lock; the first applies, the rest find nothing to do.
 */
final class Migrator {
    /**
     * The {@code {schema}} placeholder's value. SQLite has no schemas to configure (a file is the unit
     * of isolation) and the scripts do not use the placeholder; "main" is what SQLite itself calls the
     * file's own database, so the value would even be correct if a script did.
     */
    static final String SCHEMA = "main";

    private final Db db;
    private final InstantSource clock;
    private final List<Migration> migrations;

    Migrator(Db db, InstantSource clock, List<Migration> migrations) {
        this.db = db;
        this.clock = clock;
        this.migrations = migrations;
    }

    int latest() {
        return migrations.size();
    }

    int up() {
        return db.write("migrateUp", c -> {
            db.execute(c, "migrate_create_versions", Map.of());
            for (Migration migration : migrations.subList(applied(c), migrations.size())) {
                run(c, migration.up());
                db.update(c, "migrate_record", params("version", migration.version(), "name", migration.name(),
                        "now", clock.millis()));
            }
            return latest();
        });
    }

    int down(int target) {
        if (target < 0 || target > latest()) {
            throw new IllegalArgumentException("target version must be in [0, " + latest() + "], was " + target);
        }
        return db.write("migrateDown", c -> {
            if (!versionsExist(c)) {
                return 0;
            }
            int applied = applied(c);
            for (int version = applied; version > target; version--) {
                run(c, migrations.get(version - 1).down());
                db.update(c, "migrate_forget", params("version", version));
            }
            if (target == 0) {
                db.execute(c, "migrate_drop_versions", Map.of());
            }
            return Math.min(target, applied);
        });
    }

    MigrationStatus status() {
        return db.read("migrationStatus", c -> new MigrationStatus(versionsExist(c) ? applied(c) : 0, latest()));
    }

    private boolean versionsExist(Connection c) throws SQLException {
        return db.list(c, "migrate_versions_exist", Map.of(), rs -> rs.getInt(1)).get(0) > 0;
    }

    private int applied(Connection c) throws SQLException {
        int applied = db.list(c, "migrate_applied", Map.of(), rs -> rs.getInt(1)).get(0);
        if (applied > latest()) {
            throw new SQLException(db.file() + " is at schema version " + applied + " but this jar only knows "
                    + latest() + ": a newer Stevedore migrated it; upgrade this program");
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
}
