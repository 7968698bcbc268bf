package dev.stevedore.spring;

import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.Store;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The PostgreSQL store on the application's DataSource. */
final class PostgresStores {
    private PostgresStores() {}

    static Store create(StoreProperties properties, @Nullable DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalStateException("stevedore.store.type is postgres, but the application has no single DataSource: "
                    + "configure spring.datasource.url, or set stevedore.store.type=sqlite and stevedore.store.file");
        }
        try {
            return PostgresStore.builder().dataSource(dataSource).schema(properties.getSchema()).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stevedore.store.schema: " + e.getMessage(), e);
        }
    }
}
