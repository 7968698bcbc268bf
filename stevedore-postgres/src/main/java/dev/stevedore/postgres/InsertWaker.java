package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes listeners for a job that an auto-committed enqueue has already made visible, without putting
 * a {@code NOTIFY} in that enqueue's own transaction.
 *
 * <p>Why: a {@code NOTIFY} takes a database-wide lock at commit and writes the notification queue;
 * measured, that made a sequential single enqueue cost about a fifth more than a plain one-row
 * {@code INSERT} (355 against 298 µs a call). Here the enqueue commits alone and returns, and then:
 * <ul>
 *   <li>subscribers in this JVM (nodes on this store) hear the queue at once, with no round trip;</li>
 *   <li>one sender thread notifies the other processes: queues named while a notification is in flight
 *       ride together in the next one, and notifications leave at most once per {@link #SPACING_NANOS},
 *       so a burst of single enqueues costs a few {@code NOTIFY}s, not one each.</li>
 * </ul>
 * Only enqueues that commit on their own come here: one inside the caller's transaction keeps its
 * {@code pg_notify} in the statement, delivered by PostgreSQL when (and only if) the caller commits.
 * A notification that fails to leave is dropped: wake-ups only make pickup faster, polling is correct
 * without them, and a listener that lost its connection wakes every queue when it is back.
 */
final class InsertWaker implements AutoCloseable {
    /**
     * At most one notification per this: the longest a remote node's pickup waits while enqueues come
     * faster than that. A lone enqueue after a quiet spell is announced at once.
     */
    static final long SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(InsertWaker.class);

    private final Db db;
    private final String channel;
    private final PgNotifier local;
    /** Queues named since the last notification left; guarded by {@code this}. */
    private final Set<String> pending = new LinkedHashSet<>();
    private Thread sender;
    private boolean closed;
    private boolean failing;

    InsertWaker(Db db, String channel, PgNotifier local) {
        this.db = db;
        this.channel = channel;
        this.local = local;
    }

    /** Jobs became available in {@code queue}, committed: wake this JVM's nodes now, the others soon. */
    void wake(String queue) {
        local.deliverLocally(queue);
        synchronized (this) {
            if (closed) {
                return;
            }
            pending.add(queue);
            if (sender == null) {
                sender = Thread.ofPlatform().daemon().name("stevedore-wake-" + channel).start(this::run);
            } else {
                notifyAll();
            }
        }
    }

    /** Sends what is pending, then stops the sender. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = sender;
            notifyAll();
        }
        if (running != null) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            String[] queues;
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                queues = pending.toArray(String[]::new);
                pending.clear();
            }
            long began = System.nanoTime();
            send(queues);
            long rest = SPACING_NANOS - (System.nanoTime() - began);
            if (rest > 0) {
                LockSupport.parkNanos(rest);
            }
        }
    }

    private void send(String[] queues) {
        try {
            db.with("wake", c -> {
                db.execute(c, "queue_notify", params("channel", channel, "queues", array(c, "text", queues)));
                return null;
            });
            if (failing) {
                LOG.info("wake-up notifications on {} are sent again", channel);
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) { // once per outage, not once per enqueue
                LOG.warn("could not send a wake-up notification on {} ({}); other nodes pick the jobs up by polling",
                        channel, e.getMessage());
                failing = true;
            }
        }
    }
}
