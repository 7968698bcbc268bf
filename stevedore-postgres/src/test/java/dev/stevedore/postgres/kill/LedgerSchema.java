package dev.stevedore.postgres.kill;

import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PgTestDatabase;
import dev.stevedore.postgres.PostgresStore;
import java.sql.SQLException;
import java.util.Random;

/**
 * The schema of one test that runs {@link LedgerWorker} JVMs: migrated, with the ledger table the
 * workers write (job id, attempt, node per execution), dropped with everything in it afterwards.
 *
 * @param name the schema name
 */
record LedgerSchema(String name) {

    /** Creates a schema named {@code prefix} plus a random suffix, migrated, with its ledger. */
    static LedgerSchema create(String prefix) throws SQLException {
        LedgerSchema schema = new LedgerSchema(prefix + Long.toHexString(new Random().nextLong() & 0xffffffffL));
        try (PostgresStore store = schema.store()) {
            store.migrateUp();
        }
        PgTestDatabase.execute("CREATE TABLE " + schema.name + ".ledger (job_id bigint NOT NULL, attempt int NOT NULL,"
                + " node text NOT NULL)");
        return schema;
    }

    /** A store on this schema; the caller closes it. */
    PostgresStore store() {
        return PostgresStore.builder().dataSource(PgTestDatabase.dataSource()).schema(name).build();
    }

    /** A node that only enqueues (it serves no queue); the caller closes it. */
    Stevedore client() {
        return Stevedore.builder().store(store()).build();
    }

    /** How many jobs match {@code where}. */
    long jobs(String where) throws SQLException {
        return PgTestDatabase.scalar("SELECT count(*) FROM " + name + ".jobs WHERE " + where);
    }

    /** The single number {@code query} returns, with {@code %s} replaced by the schema name. */
    long scalar(String query) throws SQLException {
        return PgTestDatabase.scalar(query.replace("%s", name));
    }

    void drop() throws SQLException {
        PgTestDatabase.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
