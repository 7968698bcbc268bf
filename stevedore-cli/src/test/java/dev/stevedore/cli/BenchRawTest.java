package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore bench --raw}: PostgreSQL only, a bound per throughput phase, and no schema left behind. */
class BenchRawTest {
    private static final Pattern SCHEMA = Pattern.compile("schema (bench_[0-9a-f]{10})");

    @TempDir
    Path dir;

    @Test
    void rawOnSqliteIsAUsageErrorThatCreatesNothing() {
        Path file = dir.resolve("bench.db");
        for (CliRun run : List.of(CliRun.of("bench", "--raw", "--database", "sqlite:" + file),
                CliRun.of("bench", "--raw"))) {
            assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
            assertThat(run.err()).as(run.toString()).contains("--raw", "needs a PostgreSQL --database")
                    .doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(run.out()).isEmpty();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void helpNamesTheOption() {
        CliRun run = CliRun.of("bench", "--help");
        assertThat(run.out()).contains("--raw", "PostgreSQL only", "bench --raw --database");
    }

    @Test
    void rawRunPrintsBoundAndRatioAndDropsBothSchemas() throws SQLException {
        CliRun run = CliRun.of("bench", "--raw", "--database", MigratePostgresTest.JDBC_URL,
                "--jobs", "1000", "--single-jobs", "100", "--latency-jobs", "5", "--poll-interval", "200ms");
        assertThat(run.code()).as(run.toString()).isZero();

        Matcher schemas = SCHEMA.matcher(run.err());
        List<String> names = schemas.results().map(m -> m.group(1)).distinct().toList();
        assertThat(names).as(run.err()).hasSize(2);
        for (String schema : names) {
            assertThat(schemaExists(schema)).as(schema).isFalse();
        }

        assertThat(run.err()).contains("raw bounds on ", "(c') raw drain", "4 connection(s): ", "bound: ");
        assertThat(run.out()).contains("BOUND/S", "RATIO", "transactions per job (plain SQL: ");
        // Single, bulk and drain rows carry a bound and a ratio; the latency row has neither.
        assertThat(run.out()).containsPattern("(?m)^single enqueue.*\\d+\\s+\\d+\\.\\d\\d\\s+-\\s+-\\s+-$")
                .containsPattern("(?m)^drain \\(1 node.*\\d+\\s+\\d+\\.\\d\\d\\s+-\\s+-\\s+-$")
                .containsPattern("(?m)^pickup latency.*\\s-\\s+-\\s+-\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+$");
    }

    private static boolean schemaExists(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(MigratePostgresTest.JDBC_URL);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }
}
