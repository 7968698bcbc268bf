package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stevedore.spi.AuditAction;
import dev.stevedore.spi.AuditEntry;
import dev.stevedore.spi.Store;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log of operator actions: appended with the store's clock, read newest first by keyset pages. */
public abstract class AuditContract {
    private StoreFixture fixture;
    private Store store;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void entriesKeepEveryFieldAndComeBackNewestFirstByPage() {
        Instant now = store.now();
        store.auditRecord(new AuditAction("alice", "job.retry", "jobs", List.of(3L, 1L, 2L), "retry: 3 of 3 job(s) changed"));
        store.auditRecord(new AuditAction("bob", "queue.pause", "mail", List.of(), "paused \"mail\" ' -- on every node"));
        store.auditRecord(new AuditAction("ci-bot", "issue.resolve", "0123456789abcdef", List.of(), ""));

        List<AuditEntry> all = store.auditList(null, 10);
        assertThat(all).extracting(AuditEntry::actor).containsExactly("ci-bot", "bob", "alice");
        AuditEntry alice = all.get(2);
        assertThat(alice.action()).isEqualTo("job.retry");
        assertThat(alice.target()).isEqualTo("jobs");
        assertThat(alice.jobIds()).containsExactly(3L, 1L, 2L);
        assertThat(alice.outcome()).isEqualTo("retry: 3 of 3 job(s) changed");
        assertThat(alice.at()).isCloseTo(now, within(5, ChronoUnit.SECONDS));
        assertThat(all.get(1).outcome()).isEqualTo("paused \"mail\" ' -- on every node");
        assertThat(all.get(0).id()).isGreaterThan(all.get(1).id());

        List<AuditEntry> first = store.auditList(null, 2);
        assertThat(first).hasSize(2);
        assertThat(store.auditList(first.get(1).id(), 2)).extracting(AuditEntry::actor).containsExactly("alice");
        assertThat(store.auditList(alice.id(), 2)).isEmpty();
    }

    @Test
    void everyNodeSeesTheSameLog() {
        store.auditRecord(new AuditAction("alice", "cron.disable", "nightly", List.of(), "disabled"));
        try (Store other = fixture.secondStore()) {
            assertThat(other.auditList(null, 5)).extracting(AuditEntry::target).containsExactly("nightly");
        }
    }

    @Test
    void badPagesAndEntriesAreRefusedClearly() {
        assertThatThrownBy(() -> store.auditList(null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be in [1, 500]");
        assertThatThrownBy(() -> store.auditList(null, 501)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditAction("", "a", "t", List.of(), "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actor");
    }
}
