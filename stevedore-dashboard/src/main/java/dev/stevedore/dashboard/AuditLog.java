package dev.stevedore.dashboard;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records every operator action: who, what, on which queue or jobs, with what outcome, when. */
final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private final Source source;

    AuditLog(Source source) {
        this.source = source;
    }

    void record(Visit visit, String action, String target, List<Long> jobIds, String outcome) {
        LOG.info("dashboard action by {}: {} {} jobs {}: {}", visit.principal().name(), action, target, jobIds, outcome);
    }
}
