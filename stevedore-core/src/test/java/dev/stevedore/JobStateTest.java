package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStateTest {
    @Test
    void runningJobsLeaveOnlyThroughAnOutcome() {
        assertThat(JobState.RUNNING.canMoveTo(JobState.COMPLETED)).isTrue();
        assertThat(JobState.RUNNING.canMoveTo(JobState.RETRYABLE)).isTrue();
        assertThat(JobState.RUNNING.canMoveTo(JobState.SCHEDULED)).isTrue();
        assertThat(JobState.RUNNING.canMoveTo(JobState.HELD)).isTrue();
        assertThat(JobState.RUNNING.canMoveTo(JobState.RUNNING)).isFalse();
    }

    @Test
    void onlyAvailableJobsAreClaimed() {
        for (JobState state : JobState.values()) {
            assertThat(state.canMoveTo(JobState.RUNNING)).as(state.name()).isEqualTo(state == JobState.AVAILABLE);
        }
    }

    @Test
    void waitingJobsPastADeadlineMayBeDiscarded() {
        assertThat(JobState.SCHEDULED.canMoveTo(JobState.DISCARDED)).isTrue();
        assertThat(JobState.AVAILABLE.canMoveTo(JobState.DISCARDED)).isTrue();
        assertThat(JobState.RETRYABLE.canMoveTo(JobState.DISCARDED)).isTrue();
        assertThat(JobState.CANCELLED.canMoveTo(JobState.DISCARDED)).isFalse();
    }

    @Test
    void completedIsForever() {
        for (JobState next : JobState.values()) {
            assertThat(JobState.COMPLETED.canMoveTo(next)).isFalse();
        }
    }

    @Test
    void finalStates() {
        assertThat(JobState.COMPLETED.isFinal()).isTrue();
        assertThat(JobState.DISCARDED.isFinal()).isTrue();
        assertThat(JobState.CANCELLED.isFinal()).isTrue();
        assertThat(JobState.HELD.isFinal()).isFalse();
        assertThat(JobState.RETRYABLE.isFinal()).isFalse();
    }

    @Test
    void namesRoundTripThroughTheDatabaseForm() {
        for (JobState state : JobState.values()) {
            assertThat(JobState.fromDb(state.dbName())).isEqualTo(state);
        }
        assertThat(JobState.AVAILABLE.dbName()).isEqualTo("available");
    }
}
