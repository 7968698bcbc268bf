package dev.stevedore.dashboard;

import dev.stevedore.CronBackfill;
import dev.stevedore.CronSchedule;
import dev.stevedore.Enqueued;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /cron/actions} with a schedule's name and {@code enable}, {@code disable}, {@code run} or
 * {@code backfill} (with {@code from} and {@code to}, UTC): through the node's cron control, for every
 * node; audited. (A form field, not a path, carries the name: schedule names may hold any printable
 * character.)
 */
final class CronActions implements Page {
    static final List<String> ACTIONS = List.of("enable", "disable", "run", "backfill");
    private final Source source;
    private final AuditLog audit;

    CronActions(Source source, AuditLog audit) {
        this.source = source;
        this.audit = audit;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params form = Params.form(ctx, "name", "action", "from", "to");
        String name = form.text("name", 200);
        String action = form.choice("action", ACTIONS, null);
        if (name == null || action == null) {
            throw Refusal.badRequest("name and action (one of " + ACTIONS + ") are required");
        }
        if (source.node().cron().get(name).isEmpty()) {
            throw Refusal.notFound("no cron schedule named \"" + Params.printable(name) + "\"");
        }
        Instant from = form.instant("from");
        Instant to = form.instant("to");
        boolean backfill = action.equals("backfill");
        if (backfill && (from == null || to == null)) {
            throw Refusal.badRequest("backfill needs from and to (a UTC date and time each)");
        }
        if (!backfill && (from != null || to != null)) {
            throw Refusal.badRequest("from and to belong to backfill only");
        }
        String done = switch (action) {
            case "enable" -> describe("Enabled", source.node().cron().enable(name));
            case "disable" -> describe("Disabled", source.node().cron().disable(name, "disabled by " + visit.principal().name()
                    + " from the dashboard"));
            case "backfill" -> {
                CronBackfill ticks = source.node().cron().backfill(name, from, to);
                yield "Backfilled " + name + ": " + ticks.enqueued() + " of " + ticks.ticks() + " tick(s) from "
                        + Format.time(from) + " to " + Format.time(to) + " enqueued" + (ticks.enqueued() < ticks.ticks()
                        ? "; the others had a job already." : ".");
            }
            default -> {
                Enqueued run = source.node().cron().runNow(name);
                yield "Enqueued job " + run.id() + " for " + name + " now.";
            }
        };
        Html warning = audit.record(visit, "cron." + action, name, List.of(), done);
        return Layout.done(done, warning, "/cron", "Back to cron");
    }

    private static String describe(String verb, CronSchedule schedule) {
        return verb + " " + schedule.name() + (schedule.enabled() && schedule.nextTick() != null
                ? "; next tick " + Format.time(schedule.nextTick()) : "") + ".";
    }
}
