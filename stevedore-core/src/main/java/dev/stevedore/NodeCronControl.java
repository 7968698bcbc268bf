package dev.stevedore;

import dev.stevedore.spi.CronEnqueue;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.CronUpdate;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.UniqueInsert;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link CronControl} on one node: every change goes to the store, where the leader (whichever node it
 * is) reads it at its next check. Run-now and backfill enqueue here, from this node's declaration.
 */
final class NodeCronControl implements CronControl {
    /** The reason of {@link #disable(String)}. */
    static final String DEFAULT_DISABLE_REASON = "disabled by an operator";
    /** Longest disable reason, in characters. */
    static final int MAX_REASON_LENGTH = 1000;

    private final NodeConfig config;
    private final Store store;
    private final Enqueuer enqueuer;

    NodeCronControl(NodeConfig config, Enqueuer enqueuer) {
        this.config = config;
        this.store = config.store();
        this.enqueuer = enqueuer;
    }

    @Override
    public List<CronSchedule> list() {
        return store.cronList().stream().map(NodeCronControl::schedule).toList();
    }

    @Override
    public Optional<CronSchedule> get(String name) {
        return find(name).map(NodeCronControl::schedule);
    }

    @Override
    public CronSchedule update(String name, String expression) {
        return update(name, expression, zone(stored(name).zone()));
    }

    @Override
    public CronSchedule update(String name, String expression, ZoneId zone) {
        CronExpression parsed = CronExpression.parse(expression);
        Objects.requireNonNull(zone, "zone");
        stored(name);
        return put(name, parsed, zone, CronUpdate.Origin.OPERATOR);
    }

    @Override
    public CronSchedule reset(String name) {
        CronRow row = stored(name);
        return put(name, CronExpression.parse(row.declaredExpression()), zone(row.declaredZone()), CronUpdate.Origin.CODE);
    }

    @Override
    public CronSchedule disable(String name) {
        return disable(name, DEFAULT_DISABLE_REASON);
    }

    @Override
    public CronSchedule disable(String name, String reason) {
        Names.checkText("disable reason", reason, MAX_REASON_LENGTH);
        stored(name);
        store.cronDisable(name, reason);
        return schedule(stored(name));
    }

    @Override
    public CronSchedule enable(String name) {
        stored(name);
        store.cronEnable(name);
        return schedule(stored(name));
    }

    @Override
    public Enqueued runNow(String name) {
        CronEntry entry = declared(name, "runNow");
        stored(name);
        NewJob job = enqueuer.prepare(List.of(entry.args()), entry.runNowOptions(UUID.randomUUID().toString())).get(0);
        UniqueInsert result = store.cronEnqueue(new CronEnqueue(name, job, null));
        return new Enqueued(result.id(), result.state(), !result.inserted());
    }

    @Override
    public CronBackfill backfill(String name, Instant from, Instant to) {
        CronEntry entry = declared(name, "backfill");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("backfill range is empty: from (" + from + ") must be before to (" + to + ")");
        }
        Instant now = store.now();
        if (to.isAfter(now)) {
            throw new IllegalArgumentException("backfill covers ticks that have passed: to (" + to
                    + ") is after the store's now (" + now + "); future ticks fire on their own");
        }
        CronRow row = stored(name);
        ZoneId zone = zone(row.zone());
        List<Instant> ticks = CronExpression.parse(row.expression()).ticksBetween(from, to, zone, MAX_BACKFILL_TICKS + 1);
        if (ticks.size() > MAX_BACKFILL_TICKS) {
            throw new IllegalArgumentException("backfill of " + name + " from " + from + " to " + to + " covers more than "
                    + MAX_BACKFILL_TICKS + " ticks of '" + row.expression() + "': split it into smaller ranges");
        }
        int enqueued = 0;
        for (Instant tick : ticks) {
            NewJob job = enqueuer.prepare(List.of(entry.args()), entry.backfillOptionsFor(tick)).get(0);
            if (store.jobInsertUnique(job).inserted()) {
                enqueued++;
            }
        }
        return new CronBackfill(name, from, to, ticks.size(), enqueued);
    }

    /** The stored row as users see it: no next tick while the schedule is disabled. */
    static CronSchedule schedule(CronRow r) {
        return new CronSchedule(r.name(), r.expression(), r.zone(), r.lastTick(), r.lastJobId(), r.lastJobState(),
                r.enabled() ? r.nextTick() : null, r.edit(), r.disabled(), r.consecutiveFailures(), r.lastOutcome(),
                r.queuedTick());
    }

    private CronSchedule put(String name, CronExpression expression, ZoneId zone, CronUpdate.Origin origin) {
        Instant next = expression.next(store.now(), zone).orElse(null);
        store.cronUpdate(new CronUpdate(name, expression.text(), zone.getId(), next, origin));
        return schedule(stored(name));
    }

    private Optional<CronRow> find(String name) {
        CronEntry.checkName(name);
        return store.cronList().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * The stored schedule. One this node declares but no leader has stored yet is stored now, as the
     * leader would store it, so a node can act on its own schedules before the first check.
     */
    private CronRow stored(String name) {
        Optional<CronRow> row = find(name);
        if (row.isPresent()) {
            return row.get();
        }
        CronEntry entry = entry(name).orElseThrow(() -> new IllegalArgumentException("no cron schedule named \"" + Names.printable(name)
                        + "\" is stored: schedules are declared in code with builder.cron(name, expression, job)"));
        store.cronDeclare(name, entry.expression().text(), entry.options().zone.getId(), store.now());
        return find(name).orElseThrow(() -> new IllegalStateException("cron schedule " + name + " vanished after it was stored"));
    }

    private CronEntry declared(String name, String operation) {
        CronEntry.checkName(name);
        return entry(name).orElseThrow(() -> new IllegalArgumentException(operation + " needs the schedule's job, which comes "
                        + "from its declaration in code: \"" + Names.printable(name) + "\" is not declared on this "
                        + "node; call it on a node built with .cron(\"" + Names.printable(name) + "\", …)"));
    }

    private Optional<CronEntry> entry(String name) {
        return config.cron().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalStateException("stored zone '" + id + "' is not a zone id: " + e.getMessage(), e);
        }
    }
}
