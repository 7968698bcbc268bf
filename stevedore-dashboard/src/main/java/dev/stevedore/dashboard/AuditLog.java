package dev.stevedore.dashboard;

import dev.stevedore.spi.AuditAction;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every operator action to the store's audit log (who, what, on which queue, schedule, issue or
 * jobs, with what outcome; the store stamps when), after the action, so the outcome is known.
 */
final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_OUTCOME = 2000;
    private final Source source;

    AuditLog(Source source) {
        this.source = source;
    }

    /**
     * Records the action; returns nothing to show, or a warning when the log could not be written (the
     * action itself happened: saying so beats a 500 that invites doing it again).
     */
    Html record(Visit visit, String action, String target, List<Long> jobIds, String outcome) {
        String cut = outcome.length() > MAX_OUTCOME ? outcome.substring(0, MAX_OUTCOME - 1) + "…" : outcome;
        try {
            source.store().auditRecord(new AuditAction(visit.principal().name(), action, target, jobIds, cut));
            return Html.EMPTY;
        } catch (RuntimeException e) {
            LOG.error("audit log write failed for {} by {} on {} (jobs {}): {}", action, visit.principal().name(), target,
                    jobIds, cut, e);
            return Html.of("<p class=\"error\" id=\"audit-warning\">The action was done, but the audit log could not be"
                    + " written: see the server's log.</p>");
        }
    }
}
