package dev.stevedore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The {@link JobContext} of one execution. */
record RunningJobContext(Job job, Instant deadline, String nodeId) implements JobContext {
    @Override public long jobId() { return job.id(); }
    @Override public String kind() { return job.kind(); }
    @Override public String queue() { return job.queue(); }
    @Override public int attempt() { return job.attempt(); }
    @Override public int maxAttempts() { return job.maxAttempts(); }
    @Override public List<String> tags() { return job.tags(); }
    @Override public Map<String, String> metadata() { return job.metadata(); }
}
