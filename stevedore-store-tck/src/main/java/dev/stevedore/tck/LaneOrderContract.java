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

/** A node-wide concurrency cap serves the node's queues in their declared order. */
public abstract class LaneOrderContract {
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
}
