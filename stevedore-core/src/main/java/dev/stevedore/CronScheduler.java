package dev.stevedore;

import dev.stevedore.spi.CronFire;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.UniqueInsert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader only: enqueues the jobs of cron schedules when their ticks come, by the store's clock.
 *
 * <p>Each tick's job carries a unique key made of the schedule and the tick, blocking in every state,
 * so a tick fires once even when two nodes briefly both act as leader: the database refuses the
 * second insert. The stored latest tick tells a new leader where the previous one stopped; ticks
 * missed in between follow the schedule's {@link CatchUp} policy.
 */
final class CronScheduler extends Service {
    /** Metadata key naming the schedule on each job it enqueues. */
    static final String META_SCHEDULE = "stevedore.cron";
    /** Metadata key holding the tick (ISO-8601) a job was enqueued for. */
    static final String META_TICK = "stevedore.cron.tick";
    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    private final NodeConfig config;
    private final Enqueuer enqueuer;
    private final Runnable onFired;

    CronScheduler(NodeConfig config, Enqueuer enqueuer, Runnable onFired) {
        super("cron");
        this.config = config;
        this.enqueuer = enqueuer;
        this.onFired = onFired;
    }

    @Override
    Duration interval() {
        return config.settings().stageInterval();
    }

    @Override
    boolean runOnce() {
        Store store = config.store();
        Instant now = store.now();
        Map<String, CronRow> rows = store.cronList().stream().collect(Collectors.toMap(CronRow::name, Function.identity()));
        boolean fired = false;
        for (CronEntry entry : config.cron()) {
            CronRow row = rows.get(entry.name());
            if (row == null || row.lastTick() == null || !row.expression().equals(entry.expression().text())
                    || !row.zone().equals(entry.options().zone.getId())) {
                // New here, or redeclared with another expression: from now on, without catching up
                // on ticks of a definition that did not exist.
                store.cronDeclare(entry.name(), entry.expression().text(), entry.options().zone.getId(), now);
                continue;
            }
            fired |= handle(store, entry, row, now);
        }
        if (fired) {
            onFired.run();
        }
        return false;
    }

    private boolean handle(Store store, CronEntry entry, CronRow row, Instant now) {
        CronOptions options = entry.options();
        Instant last = Objects.requireNonNull(row.lastTick());
        @Nullable Instant next = entry.expression().next(now, options.zone).orElse(null);
        List<Instant> missed = entry.expression().latestTicks(last, now, options.zone, options.catchUp.maxTicks());
        List<Instant> due = options.catchUp.onlyOnTime()
                ? missed.stream().filter(t -> !t.isBefore(now.minus(CatchUp.ON_TIME_GRACE))).toList()
                : missed;
        if (due.isEmpty()) {
            if (!missed.isEmpty() || !Objects.equals(row.nextTick(), next)) {
                Instant handled = missed.isEmpty() ? last : missed.get(missed.size() - 1);
                if (!missed.isEmpty()) {
                    LOG.info("cron {}: tick {} missed by more than {}; dropped (catch-up none)", entry.name(), handled,
                            CatchUp.ON_TIME_GRACE);
                }
                store.cronFire(new CronFire(entry.name(), handled, next, null));
            }
            return false;
        }
        boolean fired = false;
        @Nullable JobState previous = row.lastJobState();
        for (Instant tick : due) {
            if (options.overlap == CronOptions.Overlap.SKIP && previous != null && !previous.isFinal()) {
                LOG.info("cron {}: tick {} skipped, the previous job is still {}", entry.name(), tick, previous);
                store.cronFire(new CronFire(entry.name(), tick, next, null));
                continue;
            }
            NewJob job = enqueuer.prepare(List.of(entry.args()), entry.jobOptionsFor(tick)).get(0);
            UniqueInsert result = store.cronFire(new CronFire(entry.name(), tick, next, job)).orElseThrow();
            previous = result.state();
            fired |= result.inserted();
        }
        return fired;
    }
}
