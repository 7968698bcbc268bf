package dev.stevedore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.spi.BreakerRule;
import dev.stevedore.spi.LimitKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The limits and breakers a node was built with, and which of them a job falls under. Jobs no rule
 * applies to never reach the store's flow tables: {@link #isEmpty()} and {@link #appliesTo} are the
 * claim path's only cost when nothing is configured for it.
 */
record FlowRules(List<LimitRule> limits, List<BreakerRuleOf> breakers) {
    /** Keys longer than this are stored as the limit's name and a hash of the values. */
    static final int MAX_READABLE_KEY = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final FlowRules NONE = new FlowRules(List.of(), List.of());

    FlowRules {
        limits = List.copyOf(limits);
        breakers = List.copyOf(breakers);
    }

    /** One declared limit. */
    record LimitRule(String name, JobScope scope, List<String> keyFields, int concurrency, int rate,
                     java.time.Duration period, boolean fifo) {
        static LimitRule of(String name, Limit limit) {
            limit.check(name);
            return new LimitRule(name, limit.scope, limit.keyFields, limit.concurrency, limit.rate, limit.period, limit.fifo);
        }

        /** The rule in words, for operators: "kinds [a.b] by [account]: 1 at a time, first in first out". */
        String describe() {
            List<String> parts = new ArrayList<>();
            if (concurrency > 0) {
                parts.add(concurrency + " at a time" + (fifo ? ", first in first out" : ""));
            }
            if (rate > 0) {
                parts.add(rate + " starts per " + period);
            }
            return scope + (keyFields.isEmpty() ? "" : " by " + keyFields) + ": " + String.join("; ", parts);
        }

        /** This limit's key for a job with these args (null when the limit is not keyed by args). */
        LimitKey keyFor(@Nullable JsonNode args) {
            String key = name;
            if (!keyFields.isEmpty()) {
                List<String> values = new ArrayList<>(keyFields.size());
                for (String field : keyFields) {
                    JsonNode value = java.util.Objects.requireNonNull(args, "args").get(field);
                    values.add(value == null || value.isNull() ? "null" : value.isValueNode() ? value.asText() : UniqueKeys.canonical(value));
                }
                String joined = String.join("|", values);
                key = name + ":" + joined;
                if (key.length() > MAX_READABLE_KEY) {
                    key = name + ":#" + UniqueKeys.sha256(joined);
                }
            }
            return new LimitKey(key, concurrency, rate, period, fifo);
        }
    }

    /** One declared breaker, with the categories it counts. */
    record BreakerRuleOf(String name, JobScope scope, BreakerRule rule, Set<ErrorCategory> counted) {
        static BreakerRuleOf of(String name, Breaker breaker) {
            breaker.check(name);
            return new BreakerRuleOf(name, breaker.scope, new BreakerRule(breaker.failures, breaker.failureRate,
                    breaker.minCalls, breaker.window, breaker.coolDown), Set.copyOf(breaker.counted));
        }
    }

    static FlowRules of(Map<String, Limit> limits, Map<String, Breaker> breakers) {
        List<LimitRule> limitRules = new ArrayList<>();
        limits.forEach((name, limit) -> limitRules.add(LimitRule.of(name, limit)));
        List<BreakerRuleOf> breakerRules = new ArrayList<>();
        breakers.forEach((name, breaker) -> breakerRules.add(BreakerRuleOf.of(name, breaker)));
        return new FlowRules(limitRules, breakerRules);
    }

    boolean isEmpty() {
        return limits.isEmpty() && breakers.isEmpty();
    }

    boolean appliesTo(Job job) {
        for (LimitRule rule : limits) {
            if (rule.scope().matches(job)) {
                return true;
            }
        }
        for (BreakerRuleOf rule : breakers) {
            if (rule.scope().matches(job)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a concurrency limit may apply to some job of {@code queue}: then its claims admit their jobs
     * ({@link dev.stevedore.spi.ClaimRequest#limits()}); otherwise they are plain.
     */
    boolean hasConcurrencyFor(String queue) {
        for (LimitRule rule : limits) {
            if (rule.concurrency() > 0 && rule.scope().mayMatchQueue(queue)) {
                return true;
            }
        }
        return false;
    }

    /** Which bounds of a job's limits a caller asks for. */
    private enum Bounds {
        ALL, CONCURRENCY, RATE;

        boolean of(LimitRule rule) {
            return this == ALL || (this == CONCURRENCY ? rule.concurrency() > 0 : rule.rate() > 0);
        }

        /** The limit with only the bounds asked for. */
        LimitKey keep(LimitKey limit) {
            return switch (this) {
                case ALL -> limit;
                case CONCURRENCY -> new LimitKey(limit.key(), limit.concurrency(), 0, null, limit.fifo());
                case RATE -> new LimitKey(limit.key(), 0, limit.rate(), limit.period());
            };
        }
    }

    /** The job's concurrency limits, each key once, without their rates (those are leased apart). */
    List<LimitKey> concurrencyOf(Job job) {
        return limitsOf(job.kind(), job.queue(), job.args(), Bounds.CONCURRENCY);
    }

    /** The job's rate limits, each key once, without their concurrency bounds (claims admit those). */
    List<LimitKey> ratesOf(Job job) {
        return limitsOf(job.kind(), job.queue(), job.args(), Bounds.RATE);
    }

    /** The job's limit keys, each once. */
    List<LimitKey> limitsOf(Job job) {
        return limitsOf(job.kind(), job.queue(), job.args(), Bounds.ALL);
    }

    /**
     * The keys of the concurrency limits a new job falls under, in {@link #concurrencyOf} order: stored
     * with the job, so that claims find it by index while it runs.
     */
    List<String> concurrencyKeys(String kind, String queue, String args) {
        List<LimitKey> limits = limitsOf(kind, queue, args, Bounds.CONCURRENCY);
        return limits.isEmpty() ? List.of() : limits.stream().map(LimitKey::key).toList();
    }

    /** The args are parsed only for a limit keyed by them, and at most once. */
    private List<LimitKey> limitsOf(String kind, String queue, String argsJson, Bounds bounds) {
        List<LimitKey> keys = List.of();
        JsonNode args = null;
        for (LimitRule rule : limits) {
            if (bounds.of(rule) && rule.scope().matches(kind, queue)) {
                if (args == null && !rule.keyFields().isEmpty()) {
                    args = parse(argsJson);
                }
                LimitKey key = rule.keyFor(args);
                if (keys.isEmpty()) {
                    keys = new ArrayList<>(1);
                } else if (keys.stream().anyMatch(k -> k.key().equals(key.key()))) {
                    continue;
                }
                keys.add(bounds.keep(key));
            }
        }
        return keys;
    }

    List<BreakerRuleOf> breakersOf(Job job) {
        List<BreakerRuleOf> matching = new ArrayList<>(1);
        for (BreakerRuleOf rule : breakers) {
            if (rule.scope().matches(job)) {
                matching.add(rule);
            }
        }
        return matching;
    }

    private static JsonNode parse(String args) {
        try {
            return JSON.readTree(args);
        } catch (JsonProcessingException e) {
            // Stored args that are not JSON: such a job fails at decoding anyway; key it as if it had no fields.
            return JSON.createObjectNode();
        }
    }
}
