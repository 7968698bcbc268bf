package dev.stevedore;

import dev.stevedore.spi.Store;
import java.util.Objects;
import java.util.Optional;

/** Runs {@link JobContext#step} for one node: a recorded step is skipped, a new one runs in the store's transaction. */
final class Steps {
    private final Store store;
    private final ArgsCodec codec;
    private final int maxResultBytes;

    Steps(Store store, ArgsCodec codec, int maxResultBytes) {
        this.store = store;
        this.codec = codec;
        this.maxResultBytes = maxResultBytes;
    }

    <T> T run(Job job, String name, Class<T> resultType, JobContext.StepWork<T> work) throws Exception {
        Names.checkName("step", name);
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(work, "work");
        Optional<String> recorded = store.stepResult(job.id(), name);
        if (recorded.isPresent()) {
            return codec.decodeValue(recorded.get(), resultType);
        }
        Object[] result = new Object[1];
        store.stepRun(job.id(), job.attempt(), name, connection -> {
            T value = work.run(StepConnection.guard(connection));
            result[0] = value;
            return value == null ? "null" : codec.encodeOutput(value, maxResultBytes);
        });
        return resultType.cast(result[0]);
    }
}
