package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Migrations: explicit, idempotent, safe from many nodes at once, reversible to nothing. */
class PostgresMigrationTest {
    private final String schema = PgTestDatabase.freshSchema("mig_");
    private final PostgresStore store = PostgresStore.builder().jdbcUrl(PgTestDatabase.url()).schema(schema).build();

    @AfterEach
    void close() {
        store.close();
        PgTestDatabase.dropSchema(schema);
    }

    @Test
    void constructionDoesNotMigrate() {
        assertThat(store.migrationStatus()).isEqualTo(new MigrationStatus(0, 1));
        assertThat(schemaExists()).isFalse();
        assertThatThrownBy(store::queueCounts).isInstanceOf(StoreException.class).hasMessageContaining("queueCounts");
    }

    @Test
    void concurrentMigrationsFromManyNodesAllSucceed() throws Exception {
        List<PostgresStore> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                PostgresStore node = PostgresStore.builder().jdbcUrl(PgTestDatabase.url()).schema(schema).build();
                nodes.add(node);
                tasks.add(node::migrateUp);
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            nodes.forEach(PostgresStore::close);
        }
        assertThat(store.migrationStatus()).isEqualTo(new MigrationStatus(1, 1));
        assertThat(store.queueCounts()).isEmpty();
    }

    @Test
    void downToZeroDropsEverythingAndUpRestoresIt() throws Exception {
        assertThat(store.migrateUp()).isEqualTo(1);
        assertThat(store.migrateUp()).isEqualTo(1);
        assertThat(store.migrateDown(0)).isZero();
        assertThat(store.migrationStatus()).isEqualTo(new MigrationStatus(0, 1));
        assertThat(schemaExists()).isFalse();
        assertThat(store.migrateDown(0)).isZero();
        assertThat(store.migrateUp()).isEqualTo(1);
        assertThat(store.queueCounts()).isEmpty();
        assertThatThrownBy(() -> store.migrateDown(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void downKeepsASchemaThatHoldsSomethingElse() throws Exception {
        store.migrateUp();
        try (Connection c = PgTestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + schema + ".app_table (x int)");
        }
        assertThat(store.migrateDown(0)).isZero();
        assertThat(schemaExists()).isTrue();
        assertThat(store.migrationStatus().applied()).isZero();
    }

    @Test
    void badSchemaNamesAreRefused() {
        assertThatThrownBy(() -> PostgresStore.builder().schema("Robert'); DROP TABLE jobs;--"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
        assertThatThrownBy(() -> PostgresStore.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    private boolean schemaExists() {
        try (Connection c = PgTestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
