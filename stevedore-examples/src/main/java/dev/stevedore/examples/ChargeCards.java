package dev.stevedore.examples;

import dev.stevedore.Breaker;
import dev.stevedore.JobKind;
import dev.stevedore.Outcome;
import dev.stevedore.StevedoreBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The example of docs/limits.md: card charges through a payment API that allows two calls per second
 * per account, must never charge one account twice at once, answers 429 with a Retry-After when
 * pushed, and sometimes goes down. Compiled by the build so the guide cannot drift from the API.
 */
public final class ChargeCards {
    /** The job's arguments. */
    @JobKind("payments.charge")
    public record Charge(String accountId, long cents) {}

    /** What the handler needs from the payment API. */
    public interface PaymentApi {
        /** Charges the account; empty when accepted, or the seconds to wait when the API answered 429. */
        OptionalLong charge(String accountId, long cents) throws IOException;
    }

    private ChargeCards() {}

    /** Registers the handler, its limits and its breaker on {@code builder}. */
    public static StevedoreBuilder configure(StevedoreBuilder builder, PaymentApi api) {
        return builder
                .queue("payments", q -> q.concurrency(20))
                .handle(Charge.class, (ctx, charge) -> {
                    OptionalLong retryAfter = api.charge(charge.accountId(), charge.cents()); // IOException: transient
                    if (retryAfter.isPresent()) {
                        // Every charge of this account waits, on every node, without using an attempt.
                        throw Outcome.rateLimitedUntil(Instant.now().plusSeconds(retryAfter.getAsLong()));
                    }
                }, k -> k.queue("payments"))
                .limit("payments-per-account", l -> l.kinds(Charge.class).byArgs("accountId")
                        .rate(2, Duration.ofSeconds(1))
                        .concurrency(1))
                .breaker("payments-api", b -> configureBreaker(b.kinds(Charge.class)));
    }

    private static Breaker configureBreaker(Breaker breaker) {
        return breaker.openAfter(5, Duration.ofMinutes(1))
                .openAtFailureRate(0.5, 20)
                .coolDown(Duration.ofSeconds(30));
    }
}
