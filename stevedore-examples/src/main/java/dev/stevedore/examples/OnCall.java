package dev.stevedore.examples;

import dev.stevedore.AlertChange;
import dev.stevedore.AlertSink;
import dev.stevedore.IssueChange;
import dev.stevedore.JobEvent;
import dev.stevedore.StevedoreBuilder;
import java.time.Duration;

/**
 * The example of docs/alerts.md and docs/events.md: alert rules for a mail queue and its workers, sent
 * to a chat, and the events an on-call engineer wants in the same chat (jobs given up on, regressions).
 * Compiled by the build so the guides cannot drift from the API.
 */
public final class OnCall {
    /** Where messages go: a Slack channel in production ({@code AlertSink.slack(url)}), a list in tests. */
    public interface Chat {
        void post(String line);
    }

    private OnCall() {}

    /** Declares the rules and subscribes {@code chat} to alerts and to the events worth a message. */
    public static StevedoreBuilder configure(StevedoreBuilder builder, Chat chat) {
        return builder
                .alert("mail-failing", a -> a.successRateBelow(0.95).over(Duration.ofMinutes(15)).minimumRuns(20)
                        .queues("mail"))
                .alert("stuck-jobs", a -> a.runningLongerThan(Duration.ofMinutes(30)))
                .alert("mail-latency", a -> a.latencyAbove(Duration.ofMinutes(5)).queues("mail"))
                .alert("unserved", a -> a.noLiveNode())
                .alert("memory", a -> a.rssAbove(3L << 30))
                .alertSink(AlertSink.log())
                .alertSink(change -> chat.post(line(change)))
                .onEvent(event -> {
                    switch (event) {
                        case JobEvent job when job.type() == JobEvent.Type.DISCARDED ->
                                chat.post("gave up on job " + job.job().id() + " (" + job.job().kind() + "): "
                                        + (job.error() == null ? "no error" : job.error().message()));
                        case IssueChange issue when issue.type() == IssueChange.Type.REGRESSED ->
                                chat.post("regression in " + issue.kind() + ": " + issue.message());
                        default -> { }
                    }
                });
    }

    private static String line(AlertChange change) {
        return (change.type() == AlertChange.Type.FIRED ? "ALERT " : "resolved ") + change.alert().rule() + " "
                + change.alert().subject() + ": " + change.alert().message();
    }
}
