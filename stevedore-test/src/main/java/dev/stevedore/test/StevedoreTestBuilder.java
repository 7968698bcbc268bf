package dev.stevedore.test;

import dev.stevedore.NodeSteps;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link StevedoreTest}. Every setter checks its value at once; {@link #build()} creates the
 * store, applies the application's configuration and takes the node's steps.
 */
public final class StevedoreTestBuilder {
    /** Default {@link #maxRounds}: 100. */
    public static final int DEFAULT_MAX_ROUNDS = 100;

    private final List<Consumer<? super StevedoreBuilder>> configuration = new ArrayList<>();
    private StevedoreTest.Mode mode = StevedoreTest.Mode.MANUAL;
    private @Nullable String postgresUrl;
    private int maxRounds = DEFAULT_MAX_ROUNDS;

    StevedoreTestBuilder() {}

    /**
     * Configures the node as the application does: handlers, queues, cron, limits, retry policies,
     * listeners. Calls add up, in order. The test sets the store and the clock afterwards, so a store or
     * clock set here is replaced.
     */
    public StevedoreTestBuilder configure(Consumer<? super StevedoreBuilder> configure) {
        configuration.add(Objects.requireNonNull(configure, "configure"));
        return this;
    }

    /** When jobs run; default {@link StevedoreTest.Mode#MANUAL}. */
    public StevedoreTestBuilder mode(StevedoreTest.Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** {@code mode(Mode.INLINE)}: jobs run at enqueue, on the enqueuing thread. */
    public StevedoreTestBuilder inline() {
        return mode(StevedoreTest.Mode.INLINE);
    }

    /**
     * Uses a fresh schema on this PostgreSQL database instead of a SQLite file (it needs
     * {@code stevedore-postgres} on the test class path): created and migrated by {@link #build()}, dropped by
     * {@link StevedoreTest#close()}. The URL must not set {@code currentSchema} or {@code options}.
     */
    public StevedoreTestBuilder postgres(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("postgres(jdbcUrl) needs a JDBC URL, was blank");
        }
        this.postgresUrl = jdbcUrl;
        return this;
    }

    /**
     * How many rounds {@link StevedoreTest#drainUntilIdle()} runs before it decides the work never ends and
     * fails; 1..100,000, default {@value #DEFAULT_MAX_ROUNDS}. A round runs up to 1,000 ready jobs per queue.
     */
    public StevedoreTestBuilder maxRounds(int rounds) {
        if (rounds < 1 || rounds > 100_000) {
            throw new IllegalArgumentException("maxRounds must be in [1, 100000], was " + rounds);
        }
        this.maxRounds = rounds;
        return this;
    }

    /**
     * Creates the store (a SQLite file in a new temporary directory, or a PostgreSQL schema), builds the
     * node on it with the application's configuration and the test's clock, and declares its cron schedules
     * as of now. Whatever fails on the way is undone.
     */
    public StevedoreTest build() {
        VirtualClock clock = new VirtualClock();
        TestStore store = postgresUrl == null ? SqliteTestStore.create(clock) : postgresStore(postgresUrl);
        Stevedore node = null;
        try {
            StevedoreBuilder builder = Stevedore.builder();
            configuration.forEach(c -> c.accept(builder));
            node = builder.store(store.store()).clock(clock).build();
            NodeSteps steps = NodeSteps.of(node);
            steps.fireCron(); // declares the schedules now, so their first ticks are the ones after the test's start
            return new StevedoreTest(node, steps, store, clock, mode, maxRounds);
        } catch (RuntimeException | Error e) {
            try {
                if (node != null) {
                    node.close();
                } else {
                    store.store().close();
                }
            } finally {
                store.delete();
            }
            throw e;
        }
    }

    private static TestStore postgresStore(String url) {
        try {
            return PostgresTestStore.create(url);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("postgres(url) needs dev.stevedore:stevedore-postgres on the test class path", e);
        }
    }
}
