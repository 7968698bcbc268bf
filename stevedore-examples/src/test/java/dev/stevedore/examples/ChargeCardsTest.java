package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits guide's example runs as configured: charges of one account go one at a time. */
class ChargeCardsTest {
    @TempDir
    Path dir;

    @Test
    void chargesOfOneAccountRunOneAtATimeAndAllComplete() {
        List<String> log = new CopyOnWriteArrayList<>();
        ChargeCards.PaymentApi api = (account, cents) -> {
            log.add("start " + account);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.add("end " + account);
            return OptionalLong.empty();
        };
        try (Stevedore stevedore = ChargeCards.configure(Stevedore.builder()
                .store(SqliteStore.file(dir.resolve("jobs.db"))).pollInterval(Duration.ofMillis(50))
                .stageInterval(Duration.ofMillis(20)), api).build()) {
            stevedore.start();
            var ids = stevedore.enqueueMany(List.of(new ChargeCards.Charge("acct_1", 100), new ChargeCards.Charge("acct_1", 200),
                    new ChargeCards.Charge("acct_2", 300)), o -> { }).stream().map(e -> e.id()).toList();

            await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                    .allMatch(id -> stevedore.job(id).orElseThrow().state() == JobState.COMPLETED));
        }
        List<String> acct1 = log.stream().filter(l -> l.endsWith("acct_1")).toList();
        assertThat(acct1).containsExactly("start acct_1", "end acct_1", "start acct_1", "end acct_1");
    }
}
