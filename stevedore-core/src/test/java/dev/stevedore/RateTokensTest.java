package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.Admissions;
import dev.stevedore.spi.LimitKey;
import dev.stevedore.spi.RateAsk;
import dev.stevedore.spi.RateGrant;
import dev.stevedore.spi.StoreException;
import dev.stevedore.spi.UnusableStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a node sends when it leases rate tokens. The window's counting is the stores' (tested against
 * SQLite and PostgreSQL by the flow contracts); here the store side is the same pure decision
 * ({@link Admissions#lease}) over counts kept in memory, so the test can lose an answer after its
 * commit, which a real database does only when a connection dies at that instant.
 */
class RateTokensTest {
    private static final LimitKey LIMIT = new LimitKey("api", 0, 8, Duration.ofMillis(200));

    /** Applies leases like a store; the next one it is told to lose commits and then throws. */
    private static class CountingStore extends UnusableStore {
        final Map<String, Map<Long, Integer>> slots = new HashMap<>();
        final List<RateAsk> asks = new ArrayList<>();
        boolean loseNextAnswer;

        @Override
        public synchronized List<RateGrant> rateLease(List<RateAsk> batch) {
            asks.addAll(batch);
            Admissions.LeasePlan plan = Admissions.lease(batch,
                    new Admissions.State(Instant.now(), Map.of(), copy(), Map.of()));
            plan.starts().forEach(s -> slots.computeIfAbsent(s.key(), k -> new HashMap<>()).merge(s.slot(), s.starts(), Integer::sum));
            if (loseNextAnswer) {
                loseNextAnswer = false;
                throw new StoreException("connection lost after the commit");
            }
            return plan.grants();
        }

        private Map<String, Map<Long, Integer>> copy() {
            Map<String, Map<Long, Integer>> copy = new HashMap<>();
            slots.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
            return copy;
        }
    }

    @Test
    void unusedTokensReturnedWithAnAskWhoseAnswerWasLostAreNotReturnedAgain() throws InterruptedException {
        CountingStore store = new CountingStore();
        RateTokens tokens = new RateTokens(store);
        List<RateTokens.Candidate> one = List.of(new RateTokens.Candidate(1, List.of(LIMIT)));

        assertThat(tokens.take(one).startBy()).containsKey(1L); // asks for 1, uses 1
        outliveLease();
        assertThat(tokens.take(one).startBy()).containsKey(1L); // asks for 1 + last use, uses 1 of 2
        outliveLease();
        store.loseNextAnswer = true;
        assertThatThrownBy(() -> tokens.take(one)).isInstanceOf(StoreException.class);
        RateAsk returning = store.asks.get(store.asks.size() - 1);
        assertThat(returning.returned()).as("the unused token of the second lease goes back with the third ask").isEqualTo(1);

        tokens.take(one);

        RateAsk after = store.asks.get(store.asks.size() - 1);
        assertThat(after.returned())
                .as("the lost ask may have committed its return: sending it again would uncount a start")
                .isZero();
    }

    @Test
    void aJobWhoseLeaseEndedTakesASpareTokenOrOneOfANewLeaseWhileTheRateHasRoom() throws InterruptedException {
        CountingStore store = new CountingStore();
        RateTokens tokens = new RateTokens(store);
        // A lease sized by the last use: the first ask gets 1, the next (after that lease ended) 1 + 1.
        tokens.take(List.of(new RateTokens.Candidate(1, List.of(LIMIT))));
        outliveLease();
        tokens.take(List.of(new RateTokens.Candidate(2, List.of(LIMIT))));
        int asks = store.asks.size();
        assertThat(tokens.takeAgain(List.of(LIMIT))).as("the spare token of the current lease").isTrue();
        assertThat(store.asks).as("a spare token needs no round trip").hasSize(asks);

        assertThat(tokens.takeAgain(List.of(LIMIT))).as("none spare: a new lease, counted by the store").isTrue();
        assertThat(store.asks).hasSize(asks + 1);

        // The window holds 8 starts per 200 ms: once they are all counted, nothing more is given.
        int given = 0;
        while (tokens.takeAgain(List.of(LIMIT))) {
            given++;
        }
        int counted = store.slots.get("api").values().stream().mapToInt(Integer::intValue).sum();
        assertThat(counted).as("every start given was counted in the window, and no more than it holds")
                .isLessThanOrEqualTo(8);
        assertThat(given).isLessThanOrEqualTo(8);
    }

    @Test
    void aNewLeaseWhoseAnswerCameAfterItLapsedIsAskedForAgainAFewTimesAtMost() {
        int[] slowAnswers = {1};
        CountingStore store = new CountingStore() {
            @Override
            public synchronized List<RateGrant> rateLease(List<RateAsk> batch) {
                List<RateGrant> grants = super.rateLease(batch);
                if (slowAnswers[0]-- > 0) {
                    sleep(3 * LIMIT.slotMillis()); // the answer outlives the slot its lease was granted in
                }
                return grants;
            }
        };
        RateTokens tokens = new RateTokens(store);

        assertThat(tokens.takeAgain(List.of(LIMIT))).as("the rate had room: a late answer is asked for again").isTrue();
        assertThat(store.asks).hasSize(2);
        assertThat(store.asks.get(1).returned()).as("the lapsed lease's token goes back").isEqualTo(1);

        sleep(3 * LIMIT.slotMillis());
        slowAnswers[0] = Integer.MAX_VALUE;
        assertThat(tokens.takeAgain(List.of(LIMIT))).as("answers that always come too late: held back").isFalse();
        assertThat(store.asks).hasSize(2 + RateTokens.RETAKE_ASKS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A lease lasts at most until its 20 ms slot ends; this waits past that. */
    private static void outliveLease() throws InterruptedException {
        Thread.sleep(3 * LIMIT.slotMillis());
    }
}
