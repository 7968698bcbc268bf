package dev.stevedore.sqlite;

import dev.stevedore.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link SqliteStore}. Only the file is required.
 *
 * <pre>{@code
 * SqliteStore store = SqliteStore.builder()
 *         .file(Path.of("data/jobs.db"))
 *         .busyTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 */
public final class SqliteStoreBuilder {
    private @Nullable Path file;
    private InstantSource clock = InstantSource.system();
    private Duration busyTimeout = SqliteStore.DEFAULT_BUSY_TIMEOUT;

    SqliteStoreBuilder() {}

    /** The database file; created, with its parent directories, if missing. Required. */
    public SqliteStoreBuilder file(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        return this;
    }

    /** The database file as a path string; see {@link #file(Path)}. */
    public SqliteStoreBuilder file(String file) {
        Objects.requireNonNull(file, "file");
        if (file.isBlank()) {
            throw new IllegalArgumentException("file must name a file, was blank");
        }
        return file(Path.of(file));
    }

    /**
     * The clock every time the store writes or compares comes from. Default: the system clock. Tests
     * inject a controllable one; all processes sharing a file should use the same real clock.
     */
    public SqliteStoreBuilder clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * How long an operation waits for another process's write to finish before failing with a
     * {@link dev.stevedore.spi.StoreException}. Default {@link SqliteStore#DEFAULT_BUSY_TIMEOUT} (5 s);
     * range 0 (fail at once) to {@code Integer.MAX_VALUE} milliseconds.
     */
    public SqliteStoreBuilder busyTimeout(Duration busyTimeout) {
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("busyTimeout must be in [0, " + Integer.MAX_VALUE + " ms], was "
                    + busyTimeout);
        }
        this.busyTimeout = busyTimeout;
        return this;
    }

    /** Opens the file and migrates it to the latest schema. */
    public SqliteStore build() {
        if (file == null) {
            throw new IllegalStateException("no file: call file(path)");
        }
        createParentDirectories(file);
        return new SqliteStore(file, clock, busyTimeout);
    }

    private static void createParentDirectories(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of SQLite file " + file + ": " + e.getMessage(), e);
        }
    }
}
