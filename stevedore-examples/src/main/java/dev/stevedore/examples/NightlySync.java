package dev.stevedore.examples;

import dev.stevedore.CronOptions;
import dev.stevedore.FanOutResult;
import dev.stevedore.FanOutSource;
import dev.stevedore.JobContext;
import dev.stevedore.JobHandler;
import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The example of docs/fanout.md: a nightly cron job that enqueues one sync job per account, spread
 * over the night so the sync queue never receives them all at once. Compiled and run by the build so
 * the guide cannot drift from the API.
 *
 * <p>The fan-out's run is named after the cron tick, so a retry of the nightly job (its node died, the
 * account database went away) resumes that night's fan-out where it stopped instead of starting over,
 * and no account is synced twice.
 */
public final class NightlySync implements JobHandler<NightlySync.Start> {
    /** The nightly job: fan out over the accounts of a region. */
    @JobKind("accounts.nightly-sync")
    public record Start(String region) {}

    /** One account's sync. */
    @JobKind("accounts.sync")
    public record SyncAccount(long accountId) {}

    /** The application's accounts, read in id order: {@code SELECT id FROM accounts WHERE id > ? ORDER BY id LIMIT ?}. */
    public interface Accounts {
        List<Long> idsAfter(long afterId, int limit);
    }

    private final Accounts accounts;
    private final Supplier<Stevedore> stevedore;

    /** @param stevedore the node, once built: handlers are registered before it exists */
    public NightlySync(Accounts accounts, Supplier<Stevedore> stevedore) {
        this.accounts = accounts;
        this.stevedore = stevedore;
    }

    /** Registers both handlers and the nightly schedule (01:00 Paris time) on {@code builder}. */
    public static StevedoreBuilder register(StevedoreBuilder builder, NightlySync nightly, JobHandler<SyncAccount> sync) {
        return builder
                .handle(Start.class, nightly)
                .handle(SyncAccount.class, sync, k -> k.queue("sync"))
                .cron("nightly-sync", "0 1 * * *", new Start("eu"), c -> c
                        .zone(ZoneId.of("Europe/Paris"))
                        .overlap(CronOptions.Overlap.SKIP)       // never two nights' fan-outs at once
                        .pauseAfterFailures(3));                 // three failed nights: stop and wait for a person
    }

    @Override
    public void handle(JobContext ctx, Start job) {
        // The tick names the night; a run-now has no tick and gets a run of its own.
        String night = ctx.metadata().getOrDefault("stevedore.cron.tick", "job-" + ctx.jobId());
        FanOutResult result = stevedore.get().fanOut("accounts.sync", job.region() + "/" + night, this::page,
                SyncAccount::new, f -> f
                        .perSlot(500)                            // at most 500 syncs become due …
                        .slotWidth(Duration.ofMinutes(1)));      // … per minute
        ctx.output(Map.of("accounts", result.items(), "enqueued", result.enqueued()));
    }

    /** Keyset paging: the cursor is the last id of the previous page. */
    private FanOutSource.Page<Long> page(@Nullable String cursor, int limit) {
        List<Long> ids = accounts.idsAfter(cursor == null ? 0 : Long.parseLong(cursor), limit);
        return ids.size() < limit ? FanOutSource.Page.last(ids)
                : FanOutSource.Page.of(ids, Long.toString(ids.get(ids.size() - 1)));
    }
}
