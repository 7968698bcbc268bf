package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.spi.jdbc.NamedSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leader's expiry sweep reads the two small partial indexes, never the whole jobs table. */
class SqliteExpirePlanTest {
    private final SqliteFixture fixture = new SqliteFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theSweepSearchesBothDeadlineIndexesInOrderWithoutSorting() throws SQLException {
        NamedSql expire = NamedQueries.load(SqliteStore.class, "queries.sql", Migrator.SCHEMA).get("job_expire");
        StringBuilder plan = new StringBuilder();
        try (Connection c = fixture.connection();
             PreparedStatement explain = c.prepareStatement("EXPLAIN QUERY PLAN " + expire.sql())) {
            expire.bind(explain, Map.of("now", 0L, "limit", 10, "expired_by", "leader"));
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
        }
        assertThat(plan.toString()).contains("SEARCH jobs USING INDEX jobs_start_by_idx")
                .contains("SEARCH jobs USING INDEX jobs_deadline_idx")
                .as("no sort, and no scan of the table itself").doesNotContain("TEMP B-TREE").doesNotContain("SCAN jobs");
    }
}
