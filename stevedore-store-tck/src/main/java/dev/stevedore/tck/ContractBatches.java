package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Store-level moves the batch and workflow contracts make jobs go through, as a node would. */
final class ContractBatches {
    static final String NODE = "tck-node";

    private ContractBatches() {}

    /** Claims every available job of {@code queue}, ordered by id. */
    static List<Job> claim(Store store, String queue) {
        return store.jobClaim(new ClaimRequest(queue, NODE, 1000)).stream()
                .sorted(java.util.Comparator.comparingLong(Job::id)).toList();
    }

    /**
     * Claims job {@code id} (it must be available) and writes {@code state} as its outcome. The other
     * jobs the claim took from its queue are handed back, as a stopping node does.
     */
    static void run(Store store, long id, JobState state) {
        List<Job> claimed = claim(store, store.jobGet(id).orElseThrow().queue());
        Job job = claimed.stream().filter(j -> j.id() == id).findFirst().orElseThrow(() -> new AssertionError(
                "job " + id + " was not available to claim: " + store.jobGet(id).orElseThrow().state()));
        List<Completion> handBacks = claimed.stream().filter(j -> j.id() != id)
                .map(j -> ContractJobs.refund(j.id(), j.attempt(), JobState.AVAILABLE, Duration.ZERO)).toList();
        if (!handBacks.isEmpty()) {
            assertThat(store.batchJobCompleteMany(handBacks)).hasSize(handBacks.size());
        }
        complete(store, job, state);
    }

    /** Writes {@code state} as the outcome of a claimed batch job, the way a node does. */
    static void complete(Store store, Job job, JobState state) {
        assertThat(store.batchJobCompleteMany(List.of(ContractJobs.finish(job.id(), job.attempt(), state))))
                .as("completion of job %d applied", job.id()).containsExactly(job.id());
    }

    static List<Job> jobsOfKind(Store store, String kind) {
        return store.jobList(new JobFilter(Set.of(), null, kind, null, 1000));
    }

    static JobState state(Store store, long id) {
        return store.jobGet(id).orElseThrow().state();
    }
}
