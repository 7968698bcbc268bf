package dev.stevedore;

import dev.stevedore.spi.AlertFire;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader only: every alert interval, checks each rule against one snapshot of the store, fires an
 * alert for each subject newly in violation and resolves the active alerts whose condition cleared.
 *
 * <p>The store decides what fires: {@link Store#alertFire} inserts under a unique constraint on the
 * active (rule, subject), so two nodes that both believe they lead for a moment fire it once, and
 * refuses within the rule's cool-down; {@link Store#alertResolve} resolves once. Only the node whose
 * call changed the row publishes the {@link AlertChange} and calls the sinks, after the store has it.
 * A rule whose reads fail is skipped for the round, so a store hiccup never resolves its alerts.
 */
final class AlertEvaluator extends Service {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    private final Store store;
    private final AlertSettings settings;
    private final Duration liveWithin;
    private final EventBus events;
    private final Map<String, AlertCheck> rules;

    AlertEvaluator(NodeConfig config, EventBus events) {
        super("alerts");
        this.store = config.store();
        this.settings = config.alerts();
        this.liveWithin = config.settings().rescueAfter();
        this.events = events;
        this.rules = settings.rules().stream().collect(Collectors.toMap(AlertCheck::name, r -> r));
    }

    @Override
    Duration interval() {
        return settings.interval();
    }

    @Override
    boolean runOnce() {
        AlertInputs inputs = new AlertInputs(store, liveWithin);
        Map<String, Map<String, Alert>> active = activeByRule();
        RuntimeException failed = null;
        for (AlertCheck rule : settings.rules()) {
            try {
                reconcile(rule, rule.violations(inputs), active.getOrDefault(rule.name(), Map.of()));
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
                LOG.debug("alert rule {} could not be evaluated this round", rule.name(), e);
            }
        }
        // A rule removed from the code leaves its alerts active: resolve them. Only a node that declares
        // rules runs this loop, so a node built without alert rules never resolves anyone's alerts.
        active.forEach((rule, alerts) -> {
            if (!rules.containsKey(rule)) {
                alerts.keySet().forEach(subject -> resolve(rule, subject));
            }
        });
        if (failed != null) {
            throw failed; // the loop logs the first failure of a run of them, and backs off
        }
        return false;
    }

    private Map<String, Map<String, Alert>> activeByRule() {
        Map<String, Map<String, Alert>> active = new HashMap<>();
        AlertQuery page = AlertQuery.latest(AlertQuery.MAX_LIMIT).activeOnly();
        List<Alert> alerts;
        do {
            alerts = store.alertList(page);
            alerts.forEach(a -> active.computeIfAbsent(a.rule(), r -> new HashMap<>()).put(a.subject(), a));
            if (!alerts.isEmpty()) {
                page = page.before(alerts.get(alerts.size() - 1));
            }
        } while (alerts.size() == AlertQuery.MAX_LIMIT);
        return active;
    }

    private void reconcile(AlertCheck rule, Map<String, String> violations, Map<String, Alert> active) {
        violations.forEach((subject, message) -> {
            if (!active.containsKey(subject)) {
                store.alertFire(new AlertFire(rule.name(), subject, message, rule.coolDown()))
                        .ifPresent(alert -> announce(new AlertChange(AlertChange.Type.FIRED, alert)));
            }
        });
        Set<String> cleared = new java.util.HashSet<>(active.keySet());
        cleared.removeAll(violations.keySet());
        cleared.forEach(subject -> resolve(rule.name(), subject));
    }

    private void resolve(String rule, String subject) {
        Optional<Alert> resolved = store.alertResolve(rule, subject);
        resolved.ifPresent(alert -> announce(new AlertChange(AlertChange.Type.RESOLVED, alert)));
    }

    /** Publishes the stored change, then hands it to every sink; a failing sink is logged and skipped. */
    private void announce(AlertChange change) {
        events.publish(change);
        for (AlertSink sink : settings.sinks()) {
            try {
                sink.send(change);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("alert sink {} could not deliver {} of alert {} ({} for {}): {}", sink,
                        change.type().name().toLowerCase(java.util.Locale.ROOT), change.alert().id(),
                        change.alert().rule(), change.alert().subject(), e.toString());
            }
        }
    }
}
