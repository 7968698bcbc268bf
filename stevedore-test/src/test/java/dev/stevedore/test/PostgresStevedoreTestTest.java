package dev.stevedore.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@link StevedoreTestContract} on a schema of its own on the test PostgreSQL. */
class PostgresStevedoreTestTest extends StevedoreTestContract {
    /** The test database: {@code STEVEDORE_TEST_PG_URL}, else the local server. */
    static final String URL = System.getenv().getOrDefault("STEVEDORE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @Override
    StevedoreTestBuilder onStore(StevedoreTestBuilder builder) {
        return builder.postgres(URL);
    }

    @Override
    boolean storeExists(TestStore store) {
        PostgresTestStore postgres = (PostgresTestStore) store;
        try (Connection c = DriverManager.getConnection(URL);
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM information_schema.schemata WHERE schema_name IN (?, ?)")) {
            s.setString(1, postgres.schema());
            s.setString(2, postgres.schema() + "_clock");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
