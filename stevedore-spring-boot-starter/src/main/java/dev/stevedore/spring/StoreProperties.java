package dev.stevedore.spring;

import org.jspecify.annotations.Nullable;

/** {@code stevedore.store.*}: which engine holds the jobs, and where. */
public class StoreProperties {
    /** The engines the starter can set up from properties. */
    public enum Type {
        /** PostgreSQL through the application's {@code DataSource}: enqueues join Spring transactions. */
        POSTGRES,
        /** An SQLite file of its own ({@code stevedore.store.file}), for a single node. */
        SQLITE
    }

    /** The engine: postgres (the application's DataSource) or sqlite (a file of its own). */
    private Type type = Type.POSTGRES;

    /** PostgreSQL schema holding Stevedore's tables: a lower-case identifier of at most 63 characters. */
    private String schema = "stevedore";

    /** The SQLite file, required when the type is sqlite; created if missing. */
    private @Nullable String file;

    /**
     * Whether PostgreSQL nodes LISTEN for wake-ups. Turn off when every connection goes through a
     * transaction-mode pooler (PgBouncer) and no direct connection is allowed: nodes then poll.
     */
    private boolean notifications = true;

    /**
     * A JDBC URL straight to PostgreSQL for the one connection that LISTENs, when the application's
     * DataSource goes through a transaction-mode pooler (PgBouncer): wake-ups keep working.
     */
    private @Nullable String listenUrl;

    /** Whether startup migrates the store's schema up to this version (safe from many nodes at once). */
    private boolean migrate = true;

    public Type getType() { return type; }
    public void setType(Type type) { this.type = type; }
    public String getSchema() { return schema; }
    public void setSchema(String schema) { this.schema = schema; }
    public @Nullable String getFile() { return file; }
    public void setFile(@Nullable String file) { this.file = file; }
    public boolean isNotifications() { return notifications; }
    public void setNotifications(boolean notifications) { this.notifications = notifications; }
    public @Nullable String getListenUrl() { return listenUrl; }
    public void setListenUrl(@Nullable String listenUrl) { this.listenUrl = listenUrl; }
    public boolean isMigrate() { return migrate; }
    public void setMigrate(boolean migrate) { this.migrate = migrate; }
}
