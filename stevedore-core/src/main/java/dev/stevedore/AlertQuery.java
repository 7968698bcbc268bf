package dev.stevedore;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which alerts {@link Stevedore#alerts} returns: newest (highest id) first, one keyset page at a time.
 *
 * <pre>{@code
 * List<Alert> firing = stevedore.alerts(AlertQuery.latest(50).activeOnly());
 * List<Alert> page = stevedore.alerts(AlertQuery.latest(50).rule("mail-success"));
 * List<Alert> next = stevedore.alerts(AlertQuery.latest(50).rule("mail-success").before(page.get(49)));
 * }</pre>
 *
 * @param limit      at most this many, 1..{@link #MAX_LIMIT}
 * @param active     only alerts that have not resolved
 * @param rule       only this rule's alerts, or null for all
 * @param beforeId   only alerts with a lower id (the next page), or null
 */
public record AlertQuery(int limit, boolean active, @Nullable String rule, @Nullable Long beforeId) {
    /** The largest page. */
    public static final int MAX_LIMIT = 500;

    public AlertQuery {
        Names.checkRange("limit", limit, 1, MAX_LIMIT);
    }

    /** The newest {@code limit} alerts, active and resolved. */
    public static AlertQuery latest(int limit) {
        return new AlertQuery(limit, false, null, null);
    }

    /** Only alerts still active. */
    public AlertQuery activeOnly() {
        return new AlertQuery(limit, true, rule, beforeId);
    }

    /** Only the alerts of one rule. */
    public AlertQuery rule(String name) {
        return new AlertQuery(limit, active, Objects.requireNonNull(name, "name"), beforeId);
    }

    /** The page after {@code last}, the last alert of the previous page. */
    public AlertQuery before(Alert last) {
        return new AlertQuery(limit, active, rule, Objects.requireNonNull(last, "last").id());
    }
}
