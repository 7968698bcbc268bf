package dev.stevedore.sqlite;

import dev.stevedore.spi.Store;
import dev.stevedore.tck.StoreFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A fresh file in its own temporary directory per test, deleted with the WAL and shm files on close. */
final class SqliteFixture implements StoreFixture {
    private final Path dir;
    private final Path file;
    private final InstantSource clock;
    private final SqliteStore store;
    private final List<SqliteStore> others = new CopyOnWriteArrayList<>();

    SqliteFixture() {
        this(InstantSource.system());
    }

    SqliteFixture(InstantSource clock) {
        try {
            this.dir = Files.createTempDirectory("stevedore-sqlite-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.file = dir.resolve("jobs.db");
        this.clock = clock;
        this.store = SqliteStore.builder().file(file).clock(clock).build();
    }

    Path file() {
        return file;
    }

    @Override
    public SqliteStore store() {
        return store;
    }

    @Override
    public Connection connection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @Override
    public String table(String name) {
        return name;
    }

    @Override
    public SqliteStore secondStore() {
        SqliteStore second = SqliteStore.builder().file(file).clock(clock).build();
        others.add(second);
        return second;
    }

    @Override
    public void close() {
        others.forEach(SqliteStore::close);
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
