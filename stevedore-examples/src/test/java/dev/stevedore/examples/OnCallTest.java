package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts guide's example: a job given up on and a queue nobody serves both reach the chat. */
class OnCallTest {
    @JobKind("mail.send")
    record SendMail(String to) {}

    @TempDir
    Path dir;

    @Test
    void aDiscardedJobAndAnUnservedQueueReachTheChat() {
        List<String> chat = new CopyOnWriteArrayList<>();
        try (Stevedore stevedore = OnCall.configure(Stevedore.builder()
                        .store(SqliteStore.file(dir.resolve("jobs.db")))
                        .pollInterval(Duration.ofMillis(50))
                        .alertInterval(Duration.ofMillis(200))
                        .handle(SendMail.class, (ctx, job) -> {
                            throw new IOException("mail relay refused " + job.to());
                        })
                        .queue("default"), chat::add)
                .build()) {
            stevedore.start();
            stevedore.enqueue(new SendMail("ann@example.com"), o -> o.maxAttempts(1));
            stevedore.enqueue(new SendMail("bo@example.com"), o -> o.queue("mail"));

            await().atMost(Duration.ofSeconds(20)).until(() -> chat.stream().anyMatch(l -> l.startsWith("gave up"))
                    && chat.stream().anyMatch(l -> l.startsWith("ALERT unserved mail")));
            assertThat(chat).anySatisfy(l -> assertThat(l).contains("mail relay refused ann@example.com"));
        }
    }
}
