package dev.stevedore.examples;

import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The README's example, compiled and run by the build so the docs cannot drift from the API.
 * Run it with {@code java ... dev.stevedore.examples.QuickStart [file.db]}.
 */
public final class QuickStart {
    private QuickStart() {}

    @JobKind("email.send")                                   // the stable name stored with each job
    public record SendEmail(long userId, String template) {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "jobs.db");
        // @start region="node"
        try (Stevedore stevedore = Stevedore.builder()
                .store(SqliteStore.file(file))                   // or PostgresStore.of(dataSource)
                .handle(SendEmail.class, (ctx, job) -> Mailer.send(job.userId(), job.template()))
                .queue("mail", q -> q.concurrency(20))
                .build()) {
            stevedore.start();
            stevedore.enqueue(new SendEmail(42, "welcome"), o -> o.queue("mail"));
            stevedore.enqueue(new SendEmail(42, "tips"), o -> o.queue("mail").in(Duration.ofSeconds(2)));
            // @end

            // @start region="transaction"
            try (Connection tx = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                tx.setAutoCommit(false);                         // your own transaction …
                insertOrder(tx, 43);
                stevedore.enqueue(tx, new SendEmail(43, "receipt"), o -> o.queue("mail"));
                tx.commit();                                     // … the job exists only if this commits
            }
            // @end
            Thread.sleep(Duration.ofSeconds(4));                 // a real application keeps running
        }
    }

    /** Stands in for the application's own writes. */
    static void insertOrder(Connection tx, long userId) throws SQLException {
        try (Statement sql = tx.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS orders(id INTEGER PRIMARY KEY, user_id INTEGER)");
        }
        try (PreparedStatement insert = tx.prepareStatement("INSERT INTO orders(user_id) VALUES (?)")) {
            insert.setLong(1, userId);
            insert.executeUpdate();
        }
    }

    /** Stands in for the application's mail client. */
    static final class Mailer {
        private Mailer() {}

        static void send(long userId, String template) {
            System.out.println("sending " + template + " to user " + userId);
        }
    }
}
