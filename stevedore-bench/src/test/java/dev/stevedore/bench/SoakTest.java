package dev.stevedore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short soak: samples as asked, every job run once, history pruned at the pace of the load. */
class SoakTest {
    @TempDir
    Path dir;

    @Test
    void aShortSoakSamplesTheTableRunsEveryJobOnceAndPrunesTheHistory() throws Exception {
        Soak.Options options = new Soak.Options(Duration.ofSeconds(12), 200, 4_000, Duration.ofSeconds(2), 8);
        assertThat(options.retention()).isEqualTo(Duration.ofSeconds(20));
        Path csv = dir.resolve("soak.csv");
        StringWriter progress = new StringWriter();
        Soak.Result result;
        long history;
        BenchTarget.PostgresSchema target = BenchTarget.postgres(BenchmarkTest.PG_URL);
        try (target) {
            result = new Soak(target, options, new PrintWriter(progress, true)).run(csv);
            history = count(target, "SELECT count(*) FROM " + target.schema() + ".jobs WHERE queue = '" + FinishedRows.QUEUE + "'");
        }
        assertThat(BenchmarkTest.schemaExists(target.schema())).isFalse();

        assertThat(result.enqueued()).isEqualTo(2_400);
        assertThat(result.unfinished()).isZero();
        assertThat(result.neverRan()).isZero();
        assertThat(result.ranTwice()).isZero();
        // The first prune, right after the start, finds the rows that finished more than 20 s before it.
        assertThat(history).isLessThan(4_000);

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(Soak.CSV_HEADER);
        assertThat(lines).hasSize(7);
        assertThat(result.samples()).hasSize(6).allSatisfy(s -> {
            assertThat(s.tableBytes()).isPositive();
            assertThat(s.claimIndexBytes()).isPositive();
            assertThat(s.p50Millis()).isLessThanOrEqualTo(s.p99Millis());
            assertThat(s.p99Millis()).isLessThanOrEqualTo(s.maxMillis());
        });
        assertThat(result.samples()).extracting(Soak.Sample::elapsedSeconds)
                .allSatisfy(t -> assertThat(t).isPositive()).isSorted();
        assertThat(progress.toString()).contains("seeding 4,000 finished rows", "soak: 200 jobs/s for PT12S",
                "0 not completed, 0 never ran, 0 ran twice");
    }

    @Test
    void optionsOutsideTheirRangeAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new Soak.Options(Duration.ofSeconds(1), 200, 0, Duration.ofSeconds(1), 8))
                .hasMessageContaining("at least 5 s");
        assertThatThrownBy(() -> new Soak.Options(Duration.ofMinutes(1), 5, 0, Duration.ofSeconds(10), 8))
                .hasMessageContaining("rate must be 10..100000");
        assertThatThrownBy(() -> new Soak.Options(Duration.ofMinutes(1), 100, 0, Duration.ofMinutes(2), 8))
                .hasMessageContaining("within the soak's length");
        assertThat(new Soak.Options(Duration.ofMinutes(1), 100, 0, Duration.ofSeconds(10), 8).retention())
                .isEqualTo(Duration.ofMinutes(1));
    }

    private static long count(BenchTarget.PostgresSchema target, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(target.jdbcUrl()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
