package dev.stevedore.postgres.chaos;

import dev.stevedore.CatchUp;
import dev.stevedore.JobHandler;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.KindOptions;
import dev.stevedore.RetryPolicy;
import dev.stevedore.StevedoreBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The chaos suite's job kinds and the limits and cron schedule over them, declared the same way on the
 * worker nodes (which run them) and on the suite's client (which enqueues them, and must know the
 * limits and unique rules to enqueue them as a node would).
 *
 * <p>Every job carries a {@code ref}, the suite's own number for it, so that a job lost or duplicated
 * can be told from the ledger and the jobs table. Each handler writes its execution to the {@link Ledger}.
 */
final class ChaosJobs {
    /** Most attempts any job gets: planned failures (2) plus rescues after kills must stay below it. */
    static final int MAX_ATTEMPTS = 25;
    /** Failing jobs fail this many attempts, then succeed. */
    static final int PLANNED_FAILURES = 2;
    /** Jobs of one key of {@link Keyed} allowed to run at once, cluster-wide. */
    static final int KEYED_CONCURRENCY = 2;
    /** How many keys {@link Keyed} jobs spread over. */
    static final int KEYS = 10;
    /** The period of {@link Rated}'s rate limit. */
    static final Duration RATE_PERIOD = Duration.ofSeconds(1);
    /** The cron schedule's name, and its tick: every two seconds. */
    static final String CRON = "chaos-tick";
    static final Duration CRON_EVERY = Duration.ofSeconds(2);
    static final String RATE_LIMIT = "chaos-rate";
    static final String KEYED_LIMIT = "chaos-keyed";

    @JobKind("chaos.fast") record Fast(long ref) {}
    @JobKind("chaos.slow") record Slow(long ref) {}
    @JobKind("chaos.failing") record Failing(long ref) {}
    @JobKind("chaos.unique") record UniqueJob(long ref) {}
    @JobKind("chaos.rated") record Rated(long ref) {}
    @JobKind("chaos.keyed") record Keyed(long ref, int key) {}
    @JobKind("chaos.tick") record Tick() {}

    private ChaosJobs() {}

    /** The job the suite enqueues as number {@code ref}: a fixed mix of kinds, one in twenty unique. */
    static Record job(long ref) {
        int slot = (int) (ref % 20);
        if (slot < 12) {
            return new Fast(ref);
        } else if (slot < 14) {
            return new Slow(ref);
        } else if (slot < 16) {
            return new Failing(ref);
        } else if (slot < 17) {
            return new Rated(ref);
        } else if (slot < 19) {
            return new Keyed(ref, (int) (ref / 20 % KEYS));
        }
        return new UniqueJob(ref);
    }

    /** Whether {@link #job} gives a unique job for {@code ref} (the suite enqueues those one by one, twice). */
    static boolean isUnique(long ref) {
        return ref % 20 == 19;
    }

    /**
     * Declares the kinds, limits and cron schedule on {@code builder}. With a null {@code ledger} the
     * handlers refuse to run: the suite's client only enqueues.
     */
    static StevedoreBuilder declare(StevedoreBuilder builder, ChaosProfile profile, @Nullable Ledger ledger) {
        Consumer<KindOptions> kind = k -> k.maxAttempts(MAX_ATTEMPTS).retry(RetryPolicy.fixed(Duration.ofMillis(500)));
        return builder
                .handle(Fast.class, ledgered(ledger, (ctx, job) -> pause(1, 5), null), kind)
                .handle(Slow.class, ledgered(ledger, (ctx, job) -> pause(profile.slowMillis() / 3, profile.slowMillis()), null), kind)
                .handle(Failing.class, ledgered(ledger, (ctx, job) -> {
                    pause(1, 5);
                    if (ctx.attempt() <= PLANNED_FAILURES) {
                        throw new IllegalStateException("chaos: planned failure of attempt " + ctx.attempt());
                    }
                }, null), kind)
                // Blocking even once completed: every second enqueue of a ref must be refused, whenever it comes.
                .handle(UniqueJob.class, ledgered(ledger, (ctx, job) -> pause(1, 5), null), kind.andThen(k -> k.unique(
                        u -> u.byArgs("ref").states(JobState.SCHEDULED, JobState.AVAILABLE, JobState.RUNNING,
                                JobState.RETRYABLE, JobState.HELD, JobState.COMPLETED))))
                .handle(Rated.class, ledgered(ledger, (ctx, job) -> pause(1, 5), null), kind)
                .handle(Keyed.class, ledgered(ledger, (ctx, job) -> pause(50, 150), Keyed::key), kind)
                .handle(Tick.class, ledgered(ledger, (ctx, job) -> pause(1, 5), null), kind)
                .limit(RATE_LIMIT, l -> l.kinds(Rated.class).rate(profile.ratePerSecond(), RATE_PERIOD))
                .limit(KEYED_LIMIT, l -> l.kinds(Keyed.class).byArgs("key").concurrency(KEYED_CONCURRENCY))
                .cron(CRON, "*/" + CRON_EVERY.toSeconds() + " * * * * *", new Tick(),
                        c -> c.catchUp(CatchUp.all(CatchUp.MAX_TICKS)));
    }

    /**
     * The handler that runs {@code work} between the ledger's start and end records; {@code keyOf} gives
     * the limit key the ledger records for the concurrency check, if any.
     */
    private static <T extends Record> JobHandler<T> ledgered(@Nullable Ledger ledger, JobHandler<T> work,
                                                             @Nullable ToIntFunction<T> keyOf) {
        return (ctx, job) -> {
            if (ledger == null) {
                throw new IllegalStateException("the chaos client enqueues only; job " + ctx.jobId() + " ran on it");
            }
            Ledger.Execution execution = ledger.start(ctx, keyOf == null ? null : Integer.toString(keyOf.applyAsInt(job)));
            try {
                work.handle(ctx, job);
            } catch (Exception e) {
                ledger.finish(execution, false);
                throw e;
            }
            ledger.finish(execution, true);
        };
    }

    private static void pause(int minMillis, int maxMillis) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis + 1));
    }
}
