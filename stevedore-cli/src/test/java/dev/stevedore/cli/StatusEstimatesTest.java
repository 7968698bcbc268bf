package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of("scheduled", "available", "running", "retryable", "held", "completed", "discarded",
                "cancelled")) {
            counts.put(state, 0L);
        }
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
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of("scheduled", "available", "running", "retryable", "held", "completed", "discarded",
                "cancelled")) {
            counts.put(state, 1L);
        }
        StringWriter out = new StringWriter();
        StatusCommand.printQueues(List.of(new StatusCommand.QueueRow("q", counts, 8, false, null, List.of())),
                new PrintWriter(out, true));
        assertThat(out.toString()).doesNotContain("~");
    }
}
