package dev.stevedore.examples.spring;

import dev.stevedore.postgres.PgTestDatabase;
import java.sql.SQLException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The schemas of one test class in the test PostgreSQL: the shop's tables in one (the DataSource's
 * current schema), Stevedore's in another; both fresh, and dropped by {@link #drop()}.
 */
final class ShopDatabase {
    final String appSchema = PgTestDatabase.freshSchema("shop_app_");
    final String jobsSchema = PgTestDatabase.freshSchema("shop_jobs_");

    /** Creates the shop's schema and points the application at both; call from a {@code @DynamicPropertySource}. */
    void register(DynamicPropertyRegistry registry) {
        register(registry, PgTestDatabase.url());
    }

    /** {@link #register(DynamicPropertyRegistry)} with the database reached at {@code url} (a relay, say). */
    void register(DynamicPropertyRegistry registry, String url) {
        try {
            PgTestDatabase.execute("CREATE SCHEMA " + appSchema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema " + appSchema, e);
        }
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + appSchema);
        registry.add("stevedore.store.schema", () -> jobsSchema);
    }

    /** Jobs of {@code kind} stored, whatever their state. */
    long jobCount(String kind) throws SQLException {
        return PgTestDatabase.scalar("SELECT count(*) FROM " + jobsSchema + ".jobs WHERE kind = '" + kind + "'");
    }

    void drop() {
        PgTestDatabase.dropSchema(appSchema);
        PgTestDatabase.dropSchema(jobsSchema);
    }
}
