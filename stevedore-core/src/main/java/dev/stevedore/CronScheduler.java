package dev.stevedore;

import dev.stevedore.spi.CronEnqueue;
import dev.stevedore.spi.CronFire;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.CronRun;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.UniqueInsert;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>The stored schedule decides: its expression and zone in force (an operator's runtime edit wins
 * over the code's declaration), whether it is enabled, and its queued tick. The code contributes the
 * job's arguments and options and the policies. Schedules this node does not declare are left to a
 * node that does.
 */
final class CronScheduler extends Service {
    /** Metadata key naming the schedule on each job it enqueues. */
    static final String META_SCHEDULE = "stevedore.cron";
    /** Metadata key holding the tick (ISO-8601) a job was enqueued for. */
    static final String META_TICK = "stevedore.cron.tick";
    /** Metadata key saying why the job was enqueued: {@code tick}, {@code run-now} or {@code backfill}. */
    static final String META_TRIGGER = "stevedore.cron.trigger";
    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    private final NodeConfig config;
    private final Enqueuer enqueuer;
    private final Runnable onFired;
    private final CronOutcomes outcomes;
    private final CronDefinitions definitions = new CronDefinitions();

    CronScheduler(NodeConfig config, Enqueuer enqueuer, Runnable onFired) {
        super("cron");
        this.config = config;
        this.enqueuer = enqueuer;
        this.onFired = onFired;
        this.outcomes = new CronOutcomes(config.store(),
                config.cron().stream().collect(Collectors.toMap(CronEntry::name, Function.identity())));
    }

    @Override
    Duration interval() {
        return config.settings().stageInterval();
    }

    @Override
    boolean runOnce() {
        Store store = config.store();
        Instant now = store.now();
        List<CronRun> runs = store.cronRunList();
        outcomes.count(runs);
        Set<String> busy = new HashSet<>();
        runs.stream().filter(r -> !r.settled()).forEach(r -> busy.add(r.name()));
        Map<String, CronRow> rows = store.cronList().stream().collect(Collectors.toMap(CronRow::name, Function.identity()));
        boolean fired = false;
        for (CronEntry entry : config.cron()) {
            CronRow row = rows.get(entry.name());
            String zone = entry.options().zone.getId();
            if (row == null || row.lastTick() == null || !row.declaredExpression().equals(entry.expression().text())
                    || !row.declaredZone().equals(zone)) {
                if (row != null && row.edit() != null) {
                    LOG.warn("cron {}: the code now declares '{}' ({}), but an operator's edit '{}' ({}) stays in "
                            + "force until stevedore.cron().reset(\"{}\")", entry.name(), entry.expression().text(),
                            zone, row.expression(), row.zone(), entry.name());
                }
                // New here, or redeclared with another definition: from now on, without catching up on
                // ticks of a definition that did not exist.
                store.cronDeclare(entry.name(), entry.expression().text(), zone, now);
                continue;
            }
            CronDefinitions.Definition definition = definitions.of(row);
            if (!row.enabled() || definition == null) {
                continue;
            }
            boolean running = busy.contains(entry.name())
                    || row.lastJobState() != null && !row.lastJobState().isFinal();
            fired |= handle(store, entry, row, definition, now, running);
        }
        if (fired) {
            onFired.run();
        }
        return false;
    }

    private boolean handle(Store store, CronEntry entry, CronRow row, CronDefinitions.Definition definition,
                           Instant now, boolean running) {
        CronOptions options = entry.options();
        ZoneId zone = definition.zone();
        Instant last = Objects.requireNonNull(row.lastTick());
        @Nullable Instant next = definition.expression().next(now, zone).orElse(null);
        boolean fired = false;
        boolean queued = row.queuedTick() != null;
        // Released whatever the policy is now: a deploy that dropped QUEUE_ONE must not strand the tick.
        if (queued && !running) {
            Instant tick = Objects.requireNonNull(row.queuedTick());
            NewJob job = enqueuer.prepare(List.of(entry.args()), entry.jobOptionsFor(tick)).get(0);
            UniqueInsert result = store.cronEnqueue(new CronEnqueue(entry.name(), job, tick));
            queued = false;
            running = !result.state().isFinal();
            fired = result.inserted();
        }
        List<Instant> missed = definition.expression().latestTicks(last, now, zone, options.catchUp.maxTicks());
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
            return fired;
        }
        for (Instant tick : due) {
            if (running && options.overlap == CronOptions.Overlap.QUEUE_ONE && !queued) {
                store.cronQueue(entry.name(), tick, next);
                queued = true;
                LOG.info("cron {}: tick {} queued behind the running job", entry.name(), tick);
            } else if (running && options.overlap != CronOptions.Overlap.ALLOW) {
                LOG.info("cron {}: tick {} skipped, the previous run is unfinished", entry.name(), tick);
                store.cronFire(new CronFire(entry.name(), tick, next, null));
            } else {
                NewJob job = enqueuer.prepare(List.of(entry.args()), entry.jobOptionsFor(tick)).get(0);
                UniqueInsert result = store.cronFire(new CronFire(entry.name(), tick, next, job)).orElseThrow();
                running = !result.state().isFinal();
                fired |= result.inserted();
            }
        }
        return fired;
    }
}
