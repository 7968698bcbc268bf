package dev.stevedore.test;

import dev.stevedore.CronSchedule;
import dev.stevedore.NodeSteps;
import dev.stevedore.Stevedore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves the test's clock ahead, stopping just past every cron tick on the way so that each fires on time,
 * as a leader checking every second would have fired it: a jump over a tick must not look like an outage
 * (a schedule's catch-up policy would then drop the tick). At each stop the tick's job is enqueued and
 * {@code atEachStop} runs (inline tests drain there).
 */
final class ClockJumps {
    /** Stops one jump may make; beyond, the jump is refused as too long for the schedules declared. */
    static final int MAX_STOPS = 10_000;
    /** How far past a tick a stop lands: the tick is then due by the store's clock. */
    static final Duration PAST_TICK = Duration.ofMillis(1);

    private final VirtualClock clock;
    private final TestStore store;
    private final NodeSteps steps;
    private final Stevedore node;

    ClockJumps(VirtualClock clock, TestStore store, NodeSteps steps, Stevedore node) {
        this.clock = clock;
        this.store = store;
        this.steps = steps;
        this.node = node;
    }

    void advance(Duration by, Runnable atEachStop) {
        Duration moved = Duration.ZERO;
        for (int stops = 0; ; stops++) {
            steps.fireCron(); // fires what is due now and refreshes each schedule's next tick
            Optional<Instant> next = nextTick();
            if (next.isEmpty()) {
                break;
            }
            Duration gap = Duration.between(store.store().now(), next.get());
            gap = (gap.isNegative() ? Duration.ZERO : gap).plus(PAST_TICK);
            if (moved.plus(gap).compareTo(by) > 0) {
                break;
            }
            if (stops == MAX_STOPS) {
                throw new IllegalArgumentException("advance(" + by + ") crosses more than " + MAX_STOPS + " cron ticks ("
                        + schedules() + "); each is fired on time, one stop each: advance in smaller steps, or "
                        + "declare a coarser schedule in the test");
            }
            moved = moved.plus(gap);
            store.shifted(clock.advance(gap));
            steps.fireCron();
            atEachStop.run();
        }
        store.shifted(clock.advance(by.minus(moved)));
    }

    private Optional<Instant> nextTick() {
        return node.cronSchedules().stream().filter(CronSchedule::enabled).map(CronSchedule::nextTick)
                .filter(Objects::nonNull).min(Instant::compareTo);
    }

    private String schedules() {
        return String.join(", ", node.cronSchedules().stream().map(s -> s.name() + " '" + s.expression() + "'").toList());
    }
}
