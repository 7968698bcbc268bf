package dev.stevedore.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.JobKind;
import dev.stevedore.NodeSteps;
import dev.stevedore.Stevedore;
import dev.stevedore.sqlite.SqliteStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core seam under {@link StevedoreTest}: who may take a node's steps, and what they exclude. */
class NodeStepsTest {
    @JobKind("steps.noop")
    record Noop() {}

    @TempDir
    Path dir;

    private Stevedore node() {
        return Stevedore.builder().store(SqliteStore.file(dir.resolve("jobs.db")))
                .handle(Noop.class, (ctx, n) -> {}).queue("default").build();
    }

    @Test
    void aStartedNodeRunsItsOwnJobsSoItsStepsAreRefused() {
        try (Stevedore node = node()) {
            node.start();
            assertThatThrownBy(() -> NodeSteps.of(node))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is started");
        }
    }

    @Test
    void aNodeWhoseStepsWereTakenRefusesToStartAndKeepsItsSteps() {
        try (Stevedore node = node()) {
            NodeSteps steps = NodeSteps.of(node);
            assertThat(NodeSteps.of(node)).isSameAs(steps);
            assertThatThrownBy(node::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("driven by a test's NodeSteps");
        }
    }

    @Test
    void onlyNodesBuiltByTheBuilderHaveSteps() {
        Stevedore other = (Stevedore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Stevedore.class},
                (proxy, method, args) -> null);
        assertThatThrownBy(() -> NodeSteps.of(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Stevedore.builder()");
    }
}
