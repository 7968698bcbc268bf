package dev.stevedore.postgres;

import dev.stevedore.spi.Store;
import dev.stevedore.tck.StoreFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A fresh schema per test on the test database, dropped with everything in it on close. */
final class PostgresFixture implements StoreFixture {
    private final String url;
    private final String schema = PgTestDatabase.freshSchema("tck_");
    private final PostgresStore store;
    private final List<PostgresStore> others = new CopyOnWriteArrayList<>();

    private final UnaryOperator<PostgresStoreBuilder> configure;

    /** @param url the JDBC URL every store and raw connection of this fixture uses */
    PostgresFixture(String url) {
        this(url, builder -> builder);
    }

    /** @param configure applied to the builder of every store of this fixture (after its URL and schema) */
    PostgresFixture(String url, UnaryOperator<PostgresStoreBuilder> configure) {
        this.url = url;
        this.configure = configure;
        this.store = newStore();
        store.migrateUp();
    }

    private PostgresStore newStore() {
        return configure.apply(PostgresStore.builder().jdbcUrl(url).schema(schema)).build();
    }

    String schema() {
        return schema;
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public String table(String name) {
        return schema + "." + name;
    }

    @Override
    public Store secondStore() {
        PostgresStore second = newStore();
        others.add(second);
        return second;
    }

    @Override
    public void close() {
        others.forEach(PostgresStore::close);
        store.close();
        PgTestDatabase.dropSchema(schema);
    }
}
