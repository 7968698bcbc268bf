package dev.stevedore;

import dev.stevedore.spi.Store;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Everything a node is built from, checked by the builder. */
record NodeConfig(
        Store store,
        Map<String, Registration<?>> handlers,
        Map<String, Integer> queueConcurrency,
        List<JobListener> listeners,
        Classifier classifier,
        String nodeId,
        InstantSource clock,
        Defaults defaults,
        RuntimeSettings settings,
        List<CronEntry> cron,
        FlowRules flow,
        int nodeConcurrency,
        Map<String, Integer> adaptiveMin,
        @org.jspecify.annotations.Nullable MemoryCeiling memoryCeiling,
        @Nullable MeterSettings meters,
        FailureSettings failures,
        List<Consumer<? super StevedoreEvent>> eventListeners,
        AlertSettings alerts,
        Map<String, java.time.Duration> latencyTargets) {

    static String generatedNodeId() {
        return hostName() + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
