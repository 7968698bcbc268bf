package dev.stevedore.cli;

import dev.stevedore.JobState;
import dev.stevedore.PausedQueue;
import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stevedore status}: queues with job counts by state and whether they are paused, nodes with
 * their heartbeat, the leader.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows each queue's jobs by state and whether it is paused, the worker nodes with the age of their "
                + "last heartbeat, and the leader.")
final class StatusCommand implements Callable<Integer> {
    /** A node silent this long is shown as stale (the runtime's default rescue-after). */
    static final Duration STALE_AFTER = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Option(names = "--json", description = "Print JSON for scripts instead of tables.")
    boolean json;

    /** What the command shows. */
    record Snapshot(String database, int schemaVersion, int latestSchemaVersion, Instant now, String leader,
                    List<QueueRow> queues, List<NodeRow> nodes) {}

    /**
     * One queue's counts; {@code pausedAt} is null unless the queue is paused. {@code estimated} names the
     * states whose counts the store estimated (finished jobs of a large PostgreSQL table).
     */
    record QueueRow(String queue, Map<String, Long> counts, long total, boolean paused, Instant pausedAt,
                    List<String> estimated) {}

    /** One node. */
    record NodeRow(String nodeId, String host, long pid, List<String> queues, int running, Instant startedAt,
                   Instant heartbeatAt, long heartbeatAgeMs, boolean stale, boolean leader, long heapUsedBytes,
                   long heapMaxBytes, long rssBytes, @Nullable Long oldestJobId, @Nullable Instant oldestJobSince) {}

    @Override
    public Integer call() throws Exception {
        StoreUrl url = database.url();
        Snapshot snapshot;
        try (Store store = url.open()) {
            MigrationStatus migration = store.migrationStatus();
            if (migration.applied() == 0) {
                throw new UsageException(url.display() + " has no Stevedore tables: run 'stevedore migrate up' first");
            }
            snapshot = snapshot(store, url.display(), migration);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(CliJson.write(snapshot));
        } else {
            print(snapshot, out);
        }
        return 0;
    }

    static Snapshot snapshot(Store store, String display, MigrationStatus migration) {
        Instant now = store.now();
        String leader = store.leaderGet().orElse(null);
        Map<String, Map<JobState, Long>> byQueue = new TreeMap<>();
        Map<String, List<String>> estimated = new TreeMap<>();
        for (QueueCount count : store.queueCounts()) {
            byQueue.computeIfAbsent(count.queue(), q -> new EnumMap<>(JobState.class))
                    .merge(count.state(), count.count(), Long::sum);
            if (count.estimated()) {
                estimated.computeIfAbsent(count.queue(), q -> new java.util.ArrayList<>()).add(count.state().dbName());
            }
        }
        Map<String, Instant> paused = new TreeMap<>();
        for (PausedQueue queue : store.queuePausedList()) {
            paused.put(queue.queue(), queue.pausedAt());
            byQueue.computeIfAbsent(queue.queue(), q -> new EnumMap<>(JobState.class)); // listed even when empty
        }
        List<QueueRow> queues = byQueue.entrySet().stream().map(e -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            long total = 0;
            for (JobState state : JobState.values()) {
                long n = e.getValue().getOrDefault(state, 0L);
                counts.put(state.dbName(), n);
                total += n;
            }
            Instant pausedAt = paused.get(e.getKey());
            return new QueueRow(e.getKey(), counts, total, pausedAt != null, pausedAt,
                    estimated.getOrDefault(e.getKey(), List.of()));
        }).toList();
        List<NodeRow> nodes = store.nodeList().stream()
                .sorted((a, b) -> a.nodeId().compareTo(b.nodeId()))
                .map(n -> nodeRow(n, now, leader)).toList();
        return new Snapshot(display, migration.applied(), migration.latest(), now, leader, queues, nodes);
    }

    private static NodeRow nodeRow(NodeInfo node, Instant now, String leader) {
        Duration age = Duration.between(node.heartbeatAt(), now);
        return new NodeRow(node.nodeId(), node.host(), node.pid(), node.queues(), node.running(), node.startedAt(),
                node.heartbeatAt(), Math.max(0, age.toMillis()), age.compareTo(STALE_AFTER) > 0, node.nodeId().equals(leader),
                node.health().heapUsed(), node.health().heapMax(), node.health().rss(), node.health().oldestJobId(),
                node.health().oldestJobSince());
    }

    static void print(Snapshot s, PrintWriter out) {
        out.printf("Database: %s, schema version %d%s%n", s.database(), s.schemaVersion(),
                s.schemaVersion() < s.latestSchemaVersion() ? ", " + s.latestSchemaVersion() + " available: run 'stevedore migrate up'" : "");
        out.printf("Leader:   %s%n%n", s.leader() == null ? "none (no node is running maintenance)" : s.leader());
        printQueues(s.queues(), out);
        out.println();
        printNodes(s.nodes(), s.now(), out);
    }

    /** The queues' table: jobs by state, total, paused. */
    static void printQueues(List<QueueRow> queues, PrintWriter out) {
        if (queues.isEmpty()) {
            out.println("No jobs.");
            return;
        }
        String[] headers = new String[JobState.values().length + 3];
        headers[0] = "QUEUE";
        for (JobState state : JobState.values()) {
            headers[state.ordinal() + 1] = ">" + state.dbName().toUpperCase(java.util.Locale.ROOT);
        }
        headers[headers.length - 2] = ">TOTAL";
        headers[headers.length - 1] = "";
        TextTable table = new TextTable(headers);
        for (QueueRow q : queues) {
            Object[] cells = new Object[headers.length];
            cells[0] = q.queue();
            for (JobState state : JobState.values()) {
                String name = state.dbName();
                cells[state.ordinal() + 1] = (q.estimated().contains(name) ? "~" : "") + q.counts().get(name);
            }
            cells[cells.length - 2] = (q.estimated().isEmpty() ? "" : "~") + q.total();
            cells[cells.length - 1] = q.paused() ? "paused" : "";
            table.row(cells);
        }
        table.print(out);
        if (queues.stream().anyMatch(q -> !q.estimated().isEmpty())) {
            out.println("~ estimated: a large table's finished jobs, and a backlog past 100,000 jobs on PostgreSQL, are not"
                    + " counted row by row (docs/metrics.md)");
        }
    }

    /** The nodes' table: heartbeat age, queues, running jobs, memory, the oldest running job. */
    static void printNodes(List<NodeRow> nodeRows, Instant now, PrintWriter out) {
        if (nodeRows.isEmpty()) {
            out.println("No worker nodes.");
            return;
        }
        TextTable nodes = new TextTable("NODE", "HOST", ">PID", "QUEUES", ">RUNNING", ">HEARTBEAT", ">HEAP", ">RSS",
                "OLDEST JOB", "");
        for (NodeRow n : nodeRows) {
            String note = (n.leader() ? "leader" : "") + (n.stale() ? (n.leader() ? ", " : "") + "stale" : "");
            String oldest = n.oldestJobId() == null || n.oldestJobSince() == null ? "-"
                    : n.oldestJobId() + " for " + Durations.format(Duration.between(n.oldestJobSince(), now).withNanos(0));
            nodes.row(n.nodeId(), n.host(), n.pid(), String.join(",", n.queues()), n.running(),
                    Durations.format(Duration.ofMillis(n.heartbeatAgeMs())) + " ago",
                    mib(n.heapUsedBytes()) + (n.heapMaxBytes() > 0 ? "/" + mib(n.heapMaxBytes()) : ""), mib(n.rssBytes()),
                    oldest, note);
        }
        nodes.print(out);
    }

    /** Bytes as whole MiB, or "-" when unknown. */
    private static String mib(long bytes) {
        return bytes < 0 ? "-" : (bytes >> 20) + "M";
    }
}
