package dev.stevedore.examples;

import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The example of docs/timeouts.md: the four time limits on two kinds of job, compiled by the build so
 * the guide cannot drift from the API.
 */
public final class TimeLimits {
    /** A one-time login code: worthless once the user has given up waiting for it. */
    @JobKind("auth.send-code")
    public record SendCode(String phone, String code) {}

    /** A month of an account's ledger, exported page by page: long, and longer for big accounts. */
    @JobKind("ledger.export")
    public record ExportLedger(long accountId, String month) {}

    /** Where the pages come from and go: the application's own code. */
    public interface Ledger {
        /** The pages of one account's month, in order. */
        List<String> pageIds(long accountId, String month);

        /** Exports one page. */
        void export(long accountId, String pageId) throws IOException;
    }

    private TimeLimits() {}

    /** Registers both kinds with their limits; {@code sms} sends a code. */
    public static StevedoreBuilder register(StevedoreBuilder builder, Consumer<SendCode> sms, Ledger ledger) {
        return builder
                .handle(SendCode.class, (ctx, job) -> sms.accept(job),
                        k -> k.startWithin(Duration.ofMinutes(2))      // not sent 2 minutes after enqueue: drop it
                                .timeout(Duration.ofSeconds(20)))      // each attempt at the SMS gateway
                .handle(ExportLedger.class, (ctx, job) -> {
                    List<String> pages = ledger.pageIds(job.accountId(), job.month());
                    for (int i = 0; i < pages.size(); i++) {
                        ledger.export(job.accountId(), pages.get(i));
                        // A progress report is also a heartbeat; ctx.heartbeat() alone would do as well.
                        ctx.progress(100 * (i + 1) / pages.size(), "page " + (i + 1) + " of " + pages.size());
                    }
                }, k -> k.timeout(Duration.ofHours(6))                 // a big account takes hours …
                        .heartbeatTimeout(Duration.ofMinutes(5))       // … but no page takes 5 minutes
                        .deadline(Duration.ofDays(1)));                // retries included, done within a day
    }

    /** Enqueues an export the auditors need by {@code cutOff}: after that, it is not worth running. */
    public static void exportForAudit(Stevedore stevedore, long accountId, String month, Instant cutOff) {
        stevedore.enqueue(new ExportLedger(accountId, month), o -> o.queue("exports").deadline(cutOff));
    }
}
