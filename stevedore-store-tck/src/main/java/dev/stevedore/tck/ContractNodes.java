package dev.stevedore.tck;

import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.util.function.Consumer;

/** How a nested runtime contract group starts nodes: through the enclosing {@link RuntimeContract}. */
public interface ContractNodes {
    /** Starts the test's node with the contract's handlers, fast timings and {@code extra} configuration. */
    Stevedore start(Consumer<StevedoreBuilder> extra);

    /** The test's fixture. */
    StoreFixture fixture();
}
