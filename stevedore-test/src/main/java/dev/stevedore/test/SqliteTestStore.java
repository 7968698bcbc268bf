package dev.stevedore.test;

import dev.stevedore.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A SQLite file in a fresh temporary directory, deleted with its WAL and shm files afterwards. The store
 * reads every time from the test's clock, so all of its time moves with {@link StevedoreTest#advance}.
 */
final class SqliteTestStore implements TestStore {
    private final Path dir;
    private final SqliteStore store;

    private SqliteTestStore(Path dir, SqliteStore store) {
        this.dir = dir;
        this.store = store;
    }

    static SqliteTestStore create(VirtualClock clock) {
        Path dir;
        try {
            dir = Files.createTempDirectory("stevedore-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the test's SQLite file", e);
        }
        return new SqliteTestStore(dir, SqliteStore.builder().file(dir.resolve("jobs.db")).clock(clock).build());
    }

    @Override
    public SqliteStore store() {
        return store;
    }

    @Override
    public void shifted(Duration total) {
        // Nothing to do: the store asks the test's clock itself.
    }

    /** The temporary directory holding the file. */
    Path directory() {
        return dir;
    }

    @Override
    public String describe() {
        return "SQLite file " + dir.resolve("jobs.db");
    }

    @Override
    public void delete() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test's SQLite directory " + dir, e);
        }
    }
}
