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

        LimitKey keyFor(JsonNode args) {
            String key = name;
            if (!keyFields.isEmpty()) {
                List<String> values = new ArrayList<>(keyFields.size());
                for (String field : keyFields) {
                    JsonNode value = args.get(field);
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

    /** The job's limit keys, each once. */
    List<LimitKey> limitsOf(Job job) {
        List<LimitKey> keys = new ArrayList<>();
        JsonNode args = null;
        for (LimitRule rule : limits) {
            if (rule.scope().matches(job)) {
                if (args == null) {
                    args = parse(job);
                }
                LimitKey key = rule.keyFor(args);
                if (keys.stream().noneMatch(k -> k.key().equals(key.key()))) {
                    keys.add(key);
                }
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

    private static JsonNode parse(Job job) {
        try {
            return JSON.readTree(job.args());
        } catch (JsonProcessingException e) {
            // Stored args that are not JSON: such a job fails at decoding anyway; key it as if it had no fields.
            return JSON.createObjectNode();
        }
    }
}
