package dev.stevedore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node-wide cap on running jobs, shared by the node's queues in their declared order: when a slot
 * frees, the first queue (in {@link StevedoreBuilder#queue} order) that has a claimed job waiting to
 * start gets it. Later queues run on what earlier ones leave over — a strict order, as operators of
 * "critical, default, low" queues expect. Only built when the node sets
 * {@link StevedoreBuilder#nodeConcurrency}; each queue's own concurrency still applies.
 */
final class NodeSlots {
    private final int total;
    private final List<Producer> order = new CopyOnWriteArrayList<>();
    private int used;

    NodeSlots(int total) {
        this.total = total;
    }

    /** Registers the queues' producers, in the order they take precedence. */
    void register(Producer producer) {
        order.add(producer);
    }

    /** Slots not in use right now. */
    synchronized int free() {
        return total - used;
    }

    /**
     * The slots {@code producer} can count on: those not used by it or by queues before it. Slots of
     * later queues count as its own, since each of them comes to it first when it frees.
     */
    int roomFor(Producer producer) {
        int room = total;
        for (Producer p : order) {
            room -= p.running();
            if (p == producer) {
                break;
            }
        }
        return Math.max(0, room);
    }

    /**
     * Takes a slot for one of {@code producer}'s jobs, unless none is free or an earlier queue has a
     * job waiting for one.
     */
    synchronized boolean tryAcquire(Producer producer) {
        if (used >= total) {
            return false;
        }
        for (Producer earlier : order) {
            if (earlier == producer) {
                break;
            }
            if (earlier.waitingToStart()) {
                return false;
            }
        }
        used++;
        return true;
    }

    /** Gives a slot back and offers it to the queues in order. */
    void release() {
        synchronized (this) {
            used--;
        }
        for (Producer producer : order) {
            producer.dispatch();
            if (free() == 0) {
                return;
            }
        }
    }
}
