package dev.stevedore.tck;

import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One isolated, migrated store for one test, as a store module provides it to the conformance suite.
 *
 * <p>Isolation is the fixture's job: its own PostgreSQL schema, or its own SQLite file. Closing it
 * closes the store and removes what it created.
 */
public interface StoreFixture extends AutoCloseable {
    /** The store under test, already migrated up. */
    Store store();

    /**
     * A new raw JDBC connection to the same database (auto-commit on), for transactional enqueue and
     * for inserting hostile rows with plain SQL. The caller closes it.
     */
    Connection connection() throws SQLException;

    /** The name to use in raw SQL for one of the store's tables, e.g. {@code "tck_1a2b.jobs"}. */
    String table(String name);

    /**
     * A second store instance on the same database, as another node would have (its own connections
     * and listener). Closed by the caller.
     */
    Store secondStore();

    @Override
    void close();
}
