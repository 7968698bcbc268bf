package dev.stevedore.examples;

import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.dashboard.Dashboard;
import dev.stevedore.dashboard.DashboardOptions;
import dev.stevedore.dashboard.Role;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * docs/dashboard.md's example: an application that serves the dashboard of its own node. Run it with
 * {@code java ... dev.stevedore.examples.EmbeddedDashboard [file.db] [port]} and open the address it prints.
 */
public final class EmbeddedDashboard {
    private EmbeddedDashboard() {}

    @JobKind("account.sync")
    public record SyncAccount(long accountId, String apiKey) {}

    /** Starts a node and its dashboard; the caller closes both (the dashboard first). */
    public static Dashboard serve(Stevedore stevedore, Store store, int port) {
        DashboardOptions options = DashboardOptions.defaults()    // 127.0.0.1 only, no sign-in
                .port(port);
        String password = System.getenv("DASHBOARD_PASSWORD");
        if (password != null) {                                   // any other address needs credentials
            options = options.host("0.0.0.0")
                    .user("ops", password, Role.OPERATOR)        // HTTP basic auth for browsers
                    .user("support", password + "-ro", Role.VIEWER);
        }
        return Dashboard.start(stevedore, store, options);
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "jobs.db");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : DashboardOptions.DEFAULT_PORT;
        Store store = SqliteStore.file(file);
        try (Stevedore stevedore = Stevedore.builder()
                .store(store)
                .redact("apiKey")                                 // never shown by the dashboard either
                .handle(SyncAccount.class, (ctx, job) -> {
                    for (int percent = 0; percent <= 100; percent += 20) {
                        ctx.progress(percent, "synced " + percent + "% of account " + job.accountId());
                        Thread.sleep(Duration.ofSeconds(1));
                    }
                })
                .queue("sync", q -> q.concurrency(2))
                .build();
             Dashboard dashboard = serve(stevedore, store, port)) {
            stevedore.start();
            for (long account = 1; account <= 5; account++) {
                stevedore.enqueue(new SyncAccount(account, "key-" + account), o -> o.queue("sync"));
            }
            System.out.println("dashboard at " + dashboard.url() + " — Ctrl-C to stop");
            Thread.sleep(Duration.ofMinutes(10));                 // a real application keeps running
        }
    }
}
