package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.StoreException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read beside the store's connection: it neither waits for that connection nor writes. */
class DbReadAsideTest {
    private final SqliteFixture fixture = new SqliteFixture();
    private final Db db;

    DbReadAsideTest() {
        fixture.store().migrateUp();
        db = Db.open(fixture.file(), Duration.ofSeconds(5), SqliteStore.QUERIES);
    }

    @AfterEach
    void close() {
        db.close();
        fixture.close();
    }

    @Test
    void aReadAsideAnswersWhileTheStoresConnectionIsHeldAndSeesWhatWasCommitted() throws Exception {
        db.write("seed", c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO queues (name) VALUES ('aside')");
            }
        });
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Threads of their own: the common pool may have a single thread on a small machine.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Object> writer = CompletableFuture.supplyAsync(() -> db.write("hold", c -> {
            holding.countDown();
            await(release);
            return null;
        }), threads);
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            long queues = CompletableFuture.supplyAsync(() -> db.readAside("count", c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM queues WHERE name = 'aside'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }), threads).get(5, TimeUnit.SECONDS); // on the store's connection this would wait for the writer
            assertThat(queues).isEqualTo(1);
        } finally {
            release.countDown();
            writer.get(5, TimeUnit.SECONDS);
            threads.shutdown();
        }
    }

    @Test
    void aReadAsideCannotWrite() {
        assertThatThrownBy(() -> db.readAside("sneak", c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO queues (name) VALUES ('sneaked')");
            }
        })).isInstanceOf(StoreException.class).hasMessageContaining("sneak failed").hasMessageContaining("readonly");
    }

    @Test
    void aClosedDbRefusesReadsAside() {
        db.close();
        assertThatThrownBy(() -> db.readAside("late", c -> 0)).isInstanceOf(StoreException.class).hasMessageContaining("is closed");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
