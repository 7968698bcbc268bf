package dev.stevedore.postgres;

import dev.stevedore.spi.Notifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN/NOTIFY wake-ups over one dedicated connection per store, outside the pool.
 *
 * <p>A platform daemon thread, started by the first subscription, opens the connection, issues
 * {@code LISTEN}, and blocks in {@link PGConnection#getNotifications(int)}, handing each distinct queue
 * name of a burst to every subscriber. When the connection dies it reconnects with exponential
 * backoff, logging once per outage rather than once per attempt; notifications sent meanwhile are
 * lost, which is fine because polling alone is correct.
 *
 * <p>The payload is a queue name, or {@link #CONTROL}, which no queue can be named (queue names are
 * letters, digits, '.', '_' and '-'): an operator paused or resumed a queue or asked to cancel a running
 * job, and control subscribers re-read what concerns their node.
 */
final class PgNotifier implements Notifier, AutoCloseable {
    /** Opens a connection that is not borrowed from the store's pool. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** The payload that means "re-read pauses and cancel requests". */
    static final String CONTROL = "!control";
    /** The listening connection's {@code application_name}. */
    static final String APPLICATION_NAME = "stevedore-listener";
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifier.class);
    private static final int WAIT_MS = 250;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(30);
    /** How long {@link #subscribe} waits for the first LISTEN, so notifications right after it arrive. */
    private static final Duration FIRST_LISTEN_WAIT = Duration.ofSeconds(10);

    /** Null when the store does not LISTEN (see PostgresStoreBuilder#notifications): local delivery only. */
    private final @Nullable ConnectionSource source;
    private final String listenSql;
    private final String channel;
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> controlListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final Object sleeper = new Object();
    private Thread thread;
    private volatile boolean closed;

    PgNotifier(@Nullable ConnectionSource source, String listenSql, String channel) {
        this.source = source;
        this.listenSql = listenSql;
        this.channel = channel;
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        Subscription subscription = new Subscription(listener);
        listenWith(() -> subscriptions.add(subscription));
        return () -> subscriptions.remove(subscription);
    }

    @Override
    public AutoCloseable subscribeControl(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        Runnable subscription = listener::run; // a distinct object, so removal removes this subscription only
        listenWith(() -> controlListeners.add(subscription));
        return () -> controlListeners.remove(subscription);
    }

    /** Registers a subscriber, starting the listening thread on the first, and waits for the first LISTEN. */
    private void listenWith(Runnable register) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the store is closed");
            }
            register.run();
            if (source == null) {
                return; // no LISTEN: subscribers hear only this store's own enqueues (deliverLocally)
            }
            if (thread == null) {
                thread = new Thread(this::run, "stevedore-listen-" + channel);
                thread.setDaemon(true);
                thread.start();
            }
        }
        try {
            firstAttempt.await(FIRST_LISTEN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        if (running != null) {
            try {
                running.join(WAIT_MS * 8L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Connection connection = null;
        Duration backoff = FIRST_BACKOFF;
        boolean down = false;
        long lastCheck = System.nanoTime();
        try {
            while (!closed) {
                try {
                    if (connection == null) {
                        connection = listen();
                        if (down) {
                            LOG.info("listening on {} again", channel);
                            wakeEverything();
                        }
                        down = false;
                        backoff = FIRST_BACKOFF;
                        lastCheck = System.nanoTime();
                        firstAttempt.countDown();
                    }
                    PGNotification[] notifications =
                            connection.unwrap(PGConnection.class).getNotifications(WAIT_MS);
                    deliver(notifications);
                    if (System.nanoTime() - lastCheck > LIVENESS_CHECK.toNanos()) {
                        // A silently dropped network never fails the wait above; a round trip does.
                        if (!connection.isValid((int) MAX_BACKOFF.toSeconds())) {
                            throw new SQLException("listening connection is no longer valid");
                        }
                        lastCheck = System.nanoTime();
                    }
                } catch (SQLException | RuntimeException e) {
                    closeQuietly(connection);
                    connection = null;
                    firstAttempt.countDown();
                    if (closed) {
                        break;
                    }
                    if (!down) {
                        LOG.warn("listening connection for {} failed ({}); reconnecting with backoff up to {}, "
                                + "polling covers the gap", channel, e.getMessage(), MAX_BACKOFF);
                        down = true;
                    }
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            closeQuietly(connection);
        }
    }

    private Connection listen() throws SQLException {
        Connection connection = Objects.requireNonNull(source, "source").open();
        try {
            connection.setAutoCommit(true);
            // Named, so operators (and tests) can tell it from pool connections in pg_stat_activity.
            connection.setClientInfo("ApplicationName", APPLICATION_NAME);
            try (Statement statement = connection.createStatement()) {
                statement.execute(listenSql);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private void deliver(PGNotification[] notifications) {
        if (notifications == null || notifications.length == 0) {
            return;
        }
        Set<String> queues = new LinkedHashSet<>();
        boolean control = false;
        for (PGNotification notification : notifications) {
            if (channel.equals(notification.getName()) && notification.getParameter() != null) {
                if (CONTROL.equals(notification.getParameter())) {
                    control = true;
                } else {
                    queues.add(notification.getParameter());
                }
            }
        }
        if (control) {
            runControlListeners();
        }
        queues.forEach(this::wakeQueue);
    }

    private void runControlListeners() {
        for (Runnable listener : controlListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("control notification listener failed", e);
            }
        }
    }

    /**
     * Hands {@code queue} to this store's subscribers directly, as if its notification had arrived: the
     * enqueue that made the jobs visible ran in this JVM (see {@link InsertWaker}).
     */
    void deliverLocally(String queue) {
        wakeQueue(queue);
    }

    private void wakeQueue(String queue) {
        for (Subscription subscription : subscriptions) {
            try {
                subscription.listener.accept(queue);
            } catch (RuntimeException e) {
                LOG.warn("notification listener failed for queue {}", queue, e);
            }
        }
    }

    /**
     * The database is reachable again and notifications sent meanwhile are lost: every subscriber hears
     * "every queue" and every control listener re-reads, instead of waiting for polls that may be in a
     * long failure backoff.
     */
    private void wakeEverything() {
        runControlListeners();
        wakeQueue(ALL_QUEUES);
    }

    private void pause(Duration duration) {
        synchronized (sleeper) {
            if (closed) {
                return;
            }
            try {
                sleeper.wait(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("closing listening connection", e);
            }
        }
    }

    /** One subscribe call; compared by identity, so one listener subscribed twice is closed twice. */
    private static final class Subscription {
        final Consumer<String> listener;

        Subscription(Consumer<String> listener) {
            this.listener = listener;
        }
    }
}
