package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where autovacuum is off, the leader's upkeep vacuums the tables whose dead rows passed the threshold. */
class PostgresTableUpkeepTest {
    private final PostgresFixture fixture = new PostgresFixture(PgTestDatabase.url());

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aTableWithAutovacuumOffAndManyDeadRowsIsVacuumedAndOneWithFewIsNot() throws Exception {
        String jobs = fixture.table("jobs");
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + jobs + " SET (autovacuum_enabled = false)");
            s.execute("INSERT INTO " + jobs + " (kind, args) SELECT 'k', '{}' FROM generate_series(1, 3000)");
            s.execute("DELETE FROM " + jobs);
            s.execute("SELECT pg_stat_force_next_flush()");
        }
        // Statistics reach pg_stat_user_tables when the backend flushes them: wait for the deletes to show.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> deadRows("jobs") >= 3000);
        long nodesDead = deadRows("nodes");

        assertThat(fixture.store().tableUpkeep()).containsExactly("jobs");

        assertThat(lastVacuumed("jobs")).as("VACUUM ran on the jobs table").isTrue();
        assertThat(lastVacuumed("nodes")).as("a table under the threshold is left alone (" + nodesDead + " dead rows)").isFalse();
        assertThat(fixture.store().tableUpkeep()).as("checked at most once a minute").isEmpty();
    }

    private long deadRows(String table) throws Exception {
        return single("SELECT n_dead_tup FROM pg_stat_user_tables WHERE schemaname = '" + fixture.schema()
                + "' AND relname = '" + table + "'");
    }

    private boolean lastVacuumed(String table) throws Exception {
        return single("SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = '" + fixture.schema()
                + "' AND relname = '" + table + "' AND last_vacuum IS NOT NULL") == 1;
    }

    private long single(String sql) throws Exception {
        try (Connection c = fixture.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
