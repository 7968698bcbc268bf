package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queues table marks the counts the store estimated, and says what "~" means; exact ones stay plain. */
class StatusEstimatesTest {
    @Test
    void estimatedCountsAndTheirTotalCarryATildeAndAFootnote() {
        Map<String, Long> counts = everyState(0);
        counts.put("available", 12L);
        counts.put("completed", 963_327L);
        StringWriter out = new StringWriter();
        StatusCommand.printQueues(List.of(
                new StatusCommand.QueueRow("q0", counts, 963_339L, false, null, List.of("completed")),
                new StatusCommand.QueueRow("q1", Map.copyOf(counts), 963_339L, false, null, List.of())), new PrintWriter(out, true));

        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(1)).startsWith("q0").contains(" 12 ").contains("~963327").endsWith("~963339");
        assertThat(lines.get(2)).startsWith("q1").doesNotContain("~");
        assertThat(lines.get(3)).startsWith("~ estimated");
    }

    @Test
    void noFootnoteWhenEveryCountIsExact() {
        Map<String, Long> counts = everyState(1);
        StringWriter out = new StringWriter();
        StatusCommand.printQueues(List.of(new StatusCommand.QueueRow("q", counts, 8, false, null, List.of())),
                new PrintWriter(out, true));
        assertThat(out.toString()).doesNotContain("~");
    }

    /** A queue row's counts: every state, each {@code n}. */
    private static Map<String, Long> everyState(long n) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            counts.put(state.dbName(), n);
        }
        return counts;
    }
}
