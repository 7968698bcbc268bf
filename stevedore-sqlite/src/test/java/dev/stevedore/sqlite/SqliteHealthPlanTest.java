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

/** Queue health reads indexes only: never the whole jobs or failures table, whatever they hold. */
class SqliteHealthPlanTest {
    private final SqliteFixture fixture = new SqliteFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private String plan(String query, Map<String, Object> params) throws SQLException {
        NamedSql sql = NamedQueries.load(SqliteStore.class, "queries.sql", Migrator.SCHEMA).get(query);
        StringBuilder plan = new StringBuilder();
        try (Connection c = fixture.connection();
             PreparedStatement explain = c.prepareStatement("EXPLAIN QUERY PLAN " + sql.sql())) {
            sql.bind(explain, params);
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Test
    void theOldestReadyJobIsFoundByProbesOfTheClaimIndexAndTheDueRangeOfTheStagingIndex() throws SQLException {
        String plan = plan("queue_oldest_ready", Map.of("queue", "mail", "now", 0L));
        assertThat(plan).contains("SEARCH j USING COVERING INDEX jobs_claim_idx")
                .contains("SEARCH jobs USING INDEX jobs_staging_idx (scheduled_at<?)")
                .as("no scan of jobs, no sort").doesNotContain("SCAN jobs").doesNotContain("SCAN j\n")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void waitingAvailableAndHeldJobsAreCountedFromIndexesAloneWithNoSort() throws SQLException {
        assertThat(plan("queue_counts", Map.of()))
                // Each arm in its GROUP BY's order, no sort: only running jobs, which the nodes' slots bound, are sorted.
                .contains("SEARCH j USING COVERING INDEX jobs_claim_idx (queue>?)")
                .contains("SEARCH j USING COVERING INDEX jobs_claim_idx (queue=?)")
                .contains("SCAN jobs USING COVERING INDEX jobs_waiting_counts_idx\nUNION ALL")
                .contains("SCAN jobs USING COVERING INDEX jobs_held_idx\nUNION ALL")
                .as("no scan of the table").doesNotContain("SCAN jobs\n").doesNotContain("SCAN j\n");
    }

    @Test
    void stuckJobsAreCountedAmongRunningJobsOnly() throws SQLException {
        String plan = plan("queue_stuck", Map.of("queue", "mail", "now", 0L, "node_timeout_ms", 30_000L, "grace_ms", 0L));
        assertThat(plan).containsPattern("(SCAN|SEARCH) j USING INDEX jobs_running_idx")
                .contains("SEARCH n USING INDEX sqlite_autoindex_nodes_1 (node_id=?)");
    }

    @Test
    void failureCountsReadTheWindowThroughTheTimeIndex() throws SQLException {
        assertThat(plan("failure_counts", Map.of("queue", "mail", "since", 0L)))
                .contains("SEARCH failures USING INDEX failures_at_idx (at>?)");
    }

    @Test
    void samplesAreReadByKeyOrTime() throws SQLException {
        Map<String, Object> params = new java.util.HashMap<>(Map.of("since", 0L));
        params.put("queue", null);
        assertThat(plan("queue_sample_list", params)).contains("queue_samples_at_idx (at>?)");
        assertThat(plan("queue_sample_prune", Map.of("before", 0L))).contains("queue_samples_at_idx (at<?)");
    }
}
