package dev.stevedore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;

/** The {@link JobContext} of one execution: reads come from the claimed job, reports go to the execution. */
final class RunningJobContext implements JobContext {
    private final Execution execution;
    private final String nodeId;
    private final ArgsCodec codec;
    private final int maxOutputBytes;
    private final ProgressWriter progressWriter;
    private final Steps steps;

    RunningJobContext(Execution execution, String nodeId, ArgsCodec codec, int maxOutputBytes,
                      ProgressWriter progressWriter, Steps steps) {
        this.steps = steps;
        this.execution = execution;
        this.nodeId = nodeId;
        this.codec = codec;
        this.maxOutputBytes = maxOutputBytes;
        this.progressWriter = progressWriter;
    }

    @Override public long jobId() { return execution.job.id(); }
    @Override public String kind() { return execution.job.kind(); }
    @Override public String queue() { return execution.job.queue(); }
    @Override public int attempt() { return execution.job.attempt(); }
    @Override public int maxAttempts() { return execution.job.maxAttempts(); }
    @Override public Instant deadline() { return execution.deadline; }
    @Override public Instant startedAt() { return java.util.Objects.requireNonNull(execution.startedAt, "not started"); }
    @Override public List<String> tags() { return execution.job.tags(); }
    @Override public Map<String, String> metadata() { return execution.job.metadata(); }
    @Override public String nodeId() { return nodeId; }

    @Override
    public void heartbeat() {
        execution.beat();
    }

    @Override
    public OptionalLong batchId() {
        Long batchId = execution.job.batchId();
        return batchId == null ? OptionalLong.empty() : OptionalLong.of(batchId);
    }

    @Override
    public void progress(int percent, String message) {
        execution.beat();
        String text = message == null ? "" : Settler.truncate(message, Job.Progress.MAX_MESSAGE_CHARS - 40);
        if (execution.report(new Job.Progress(percent, text))) {
            progressWriter.queue(execution);
        }
    }

    @Override
    public void output(Object value) {
        execution.output = codec.encodeOutput(Objects.requireNonNull(value, "output"), maxOutputBytes);
    }

    @Override
    public <T> T step(String name, Class<T> resultType, StepWork<T> work) throws Exception {
        execution.beat();
        return steps.run(execution.job, name, resultType, work);
    }

    @Override
    public boolean cancelRequested() {
        return execution.cancelRequested;
    }

    @Override
    public void checkCancelled() {
        if (execution.cancelRequested) {
            throw new CancellationException("job " + jobId() + " was cancelled by request");
        }
    }

    @Override
    public String toString() {
        return "JobContext[job " + jobId() + ", attempt " + attempt() + ", node " + nodeId + "]";
    }
}
