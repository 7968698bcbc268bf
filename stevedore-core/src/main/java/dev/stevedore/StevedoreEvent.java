package dev.stevedore;

/**
 * Something that happened, published on the node where it happened once it is stored: subscribe with
 * {@link StevedoreBuilder#onEvent}. A closed set, so a {@code switch} over it is exhaustive:
 *
 * <pre>{@code
 * .onEvent(event -> {
 *     switch (event) {
 *         case JobEvent job -> { }            // started, completed, retry scheduled, discarded, …
 *         case BreakerChange breaker -> { }   // a circuit breaker opened, half-opened or closed
 *         case QueueChange queue -> { }       // a queue was paused or resumed
 *         case IssueChange issue -> { }       // a new issue, or a resolved one failing again
 *         case AlertChange alert -> { }       // an alert rule fired or resolved (on the leader)
 *     }
 * })
 * }</pre>
 *
 * <p>Delivery is in-process and at most once: listeners run on the thread that stored the change, an
 * event is lost if the process dies right after the store's commit, and no other node sees it. It is a
 * live feed, not a durable log; see docs/events.md for which node publishes what.
 */
public sealed interface StevedoreEvent permits JobEvent, BreakerChange, QueueChange, IssueChange, AlertChange {}
