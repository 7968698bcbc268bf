package dev.stevedore.spring;

import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.postgres.PostgresStoreBuilder;
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
        PostgresStoreBuilder builder = PostgresStore.builder().dataSource(dataSource)
                .notifications(properties.isNotifications());
        try {
            builder.schema(properties.getSchema());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stevedore.store.schema: " + e.getMessage(), e);
        }
        String listenUrl = properties.getListenUrl();
        if (listenUrl != null && !listenUrl.isBlank()) {
            if (!properties.isNotifications()) {
                throw new IllegalArgumentException("stevedore.store.notifications=false and stevedore.store.listen-url "
                        + "contradict each other: without a direct connection, drop listen-url; with one, keep notifications on");
            }
            try {
                builder.listenJdbcUrl(listenUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stevedore.store.listen-url: " + e.getMessage(), e);
            }
        }
        return builder.build();
    }
}
