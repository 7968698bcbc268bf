package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {
    private static final long MS = 1_000_000;

    private static void window(AdaptiveLimit limit, long nanos, int failed, boolean busy) {
        int n = Math.max(10, limit.limit());
        for (int i = 0; i < n; i++) {
            limit.record(nanos, i < failed, busy);
        }
    }

    @Test
    void widensOnlyWhileBusyAndHealthyAndNeverPastItsMaximum() {
        AdaptiveLimit limit = new AdaptiveLimit("q", 2, 20);
        window(limit, 10 * MS, 0, false);
        assertThat(limit.limit()).as("idle lanes do not widen").isEqualTo(2);
        for (int i = 0; i < 40; i++) {
            window(limit, 10 * MS, 0, true);
        }
        assertThat(limit.limit()).isEqualTo(20);
    }

    @Test
    void narrowsByAQuarterWhenJobsSlowDownOrFailButNeverBelowItsMinimum() {
        AdaptiveLimit limit = new AdaptiveLimit("q", 2, 40);
        for (int i = 0; i < 60; i++) {
            window(limit, 10 * MS, 0, true);
        }
        assertThat(limit.limit()).isEqualTo(40);

        window(limit, 25 * MS, 0, true);                   // 2.5x the best window: slow
        assertThat(limit.limit()).isEqualTo(30);
        window(limit, 10 * MS, 5, true);                   // 5 of 30 failed: more than a tenth
        assertThat(limit.limit()).isEqualTo(23);
        window(limit, 10 * MS, 1, true);                   // 1 of 23: healthy, widens again
        assertThat(limit.limit()).isEqualTo(25);
        for (int i = 0; i < 30; i++) {
            window(limit, 10 * MS, 10, true);
        }
        assertThat(limit.limit()).isEqualTo(2);
    }
}
