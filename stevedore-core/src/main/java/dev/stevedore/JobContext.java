package dev.stevedore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a running handler knows about the job it is performing. */
public interface JobContext {
    /** The job's id. */
    long jobId();

    /** The job's kind, as in {@link JobKind}. */
    String kind();

    /** The queue the job was claimed from. */
    String queue();

    /** This execution's attempt number, starting at 1. */
    int attempt();

    /** The attempt number after which a failure discards the job. */
    int maxAttempts();

    /** The moment after which this execution is interrupted as timed out. */
    Instant deadline();

    /** Tags given at enqueue. */
    List<String> tags();

    /** Metadata given at enqueue (for example the tenant or account the job concerns). */
    Map<String, String> metadata();

    /** The id of the node running this execution. */
    String nodeId();
}
