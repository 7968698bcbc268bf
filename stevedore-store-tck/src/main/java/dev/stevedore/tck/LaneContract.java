package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's lanes: a node-wide concurrency cap serves the queues in their declared order, and an
 * adaptive queue widens while its jobs stay healthy and narrows when they fail.
 */
public abstract class LaneContract {
    @JobKind("tck.lane.work")
    public record Work(int n) {}

    private StoreFixture fixture;
    private Stevedore node;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        } else {
            fixture.close();
        }
    }

    @Test
    void aCappedNodeStartsEveryWaitingJobOfAnEarlierQueueBeforeALaterQueuesNext() {
        List<String> starts = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        node = Stevedore.builder().store(fixture.store())
                .pollInterval(Duration.ofMillis(50))
                .nodeConcurrency(1)
                .queue("high", q -> q.concurrency(5))
                .queue("low", q -> q.concurrency(5))
                .handle(Work.class, (ctx, work) -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    starts.add(ctx.queue());
                    Thread.sleep(60);
                    running.decrementAndGet();
                })
                .build();
        node.enqueueMany(IntStream.range(0, 4).mapToObj(Work::new).toList(), o -> o.queue("low"));
        node.enqueueMany(IntStream.range(0, 4).mapToObj(Work::new).toList(), o -> o.queue("high"));

        node.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> starts.size() == 8);
        assertThat(maxRunning.get()).as("the node-wide cap").isEqualTo(1);
        // The very first slot may go to whichever queue's claim returned first; from then on every
        // high job starts before the next low one.
        List<String> afterFirst = starts.subList(1, starts.size());
        int lastHigh = afterFirst.lastIndexOf("high");
        assertThat(afterFirst.subList(0, lastHigh + 1)).as("starts after the first: %s", starts).containsOnly("high");
    }

    @Test
    void anAdaptiveQueueWidensToItsMaximumWhileHealthyAndNarrowsWhenItsJobsFail() {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Integer> runningWhileFailing = new CopyOnWriteArrayList<>();
        node = Stevedore.builder().store(fixture.store())
                .pollInterval(Duration.ofMillis(50))
                .queue("api", q -> q.adaptiveConcurrency(1, 6))
                .handle(Work.class, (ctx, work) -> {
                    int now = running.incrementAndGet();
                    try {
                        if (failing.get()) {
                            runningWhileFailing.add(now);
                            Thread.sleep(20);
                            throw new java.io.IOException("downstream struggling");
                        }
                        maxRunning.accumulateAndGet(now, Math::max);
                        Thread.sleep(20);
                    } finally {
                        running.decrementAndGet();
                    }
                }, k -> k.maxAttempts(1))
                .build();
        node.start();

        // Healthy and busy: it starts at 1 and widens to its maximum, never past it.
        node.enqueueMany(IntStream.range(0, 600).mapToObj(Work::new).toList(), o -> o.queue("api"));
        await().atMost(Duration.ofSeconds(30)).until(() -> maxRunning.get() == 6);

        // Failing: it narrows; late in the failing stretch it runs fewer at once than at its widest.
        failing.set(true);
        node.enqueueMany(IntStream.range(0, 400).mapToObj(Work::new).toList(), o -> o.queue("api"));
        await().atMost(Duration.ofSeconds(30)).until(() -> runningWhileFailing.size() >= 300);
        List<Integer> late = runningWhileFailing.subList(runningWhileFailing.size() - 50, runningWhileFailing.size());
        assertThat(late.stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThanOrEqualTo(2);
        assertThat(maxRunning.get()).isEqualTo(6);
    }
}
