package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.UnusableStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The time-limit options: their checks, and how an enqueue's and a kind's limits combine into the row. */
class TimeLimitOptionsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @JobKind("report.build")
    record BuildReport(String day) {}

    @JobKind("mail.send")
    record SendMail(String to) {}

    /** Keeps what would be inserted instead of inserting it. */
    private final List<NewJob> inserted = new ArrayList<>();
    private final Stevedore stevedore = Stevedore.builder()
            .store(new UnusableStore() {
                @Override
                public List<Long> jobInsertMany(List<NewJob> jobs) {
                    inserted.addAll(jobs);
                    return LongStream.rangeClosed(1, jobs.size()).boxed().toList();
                }
            })
            .clock(InstantSource.fixed(NOW))
            .handle(BuildReport.class, (ctx, job) -> {},
                    k -> k.startWithin(Duration.ofMinutes(10)).deadline(Duration.ofHours(1))
                            .heartbeatTimeout(Duration.ofSeconds(30)))
            .handle(SendMail.class, (ctx, job) -> {})
            .build();

    private NewJob.TimeLimits enqueued(Record args, Consumer<JobOptions> options) {
        stevedore.enqueue(args, options);
        return inserted.get(inserted.size() - 1).limits();
    }

    @Test
    void everyLimitIsPositiveAndAtMostTenYears() {
        List<Consumer<Duration>> setters = List.of(
                d -> new JobOptions().startWithin(d), d -> new JobOptions().deadline(d),
                d -> new JobOptions().heartbeatTimeout(d), d -> new KindOptions().startWithin(d),
                d -> new KindOptions().deadline(d), d -> new KindOptions().heartbeatTimeout(d));
        for (Consumer<Duration> setter : setters) {
            assertThatThrownBy(() -> setter.accept(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith("must be > 0, was PT0S");
            assertThatThrownBy(() -> setter.accept(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> setter.accept(Duration.ofDays(3651))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be ≤ PT87600H");
            setter.accept(Duration.ofDays(3650));
        }
        assertThatThrownBy(() -> new JobOptions().startWithin(Duration.ZERO)).hasMessageStartingWith("startWithin ");
        assertThatThrownBy(() -> new JobOptions().heartbeatTimeout(Duration.ZERO)).hasMessageStartingWith("heartbeatTimeout ");
    }

    @Test
    void aKindsStartAndJobDeadlinesAreWrittenOnItsJobsButItsHeartbeatIsReadWhereTheyRun() {
        NewJob.TimeLimits limits = enqueued(new BuildReport("mon"), o -> {});
        assertThat(limits).isEqualTo(new NewJob.TimeLimits(Duration.ofMinutes(10), null, Duration.ofHours(1), null));
    }

    @Test
    void anEnqueuesLimitsReplaceTheKinds() {
        NewJob.TimeLimits relative = enqueued(new BuildReport("tue"), o -> o.startWithin(Duration.ofMinutes(1))
                .deadline(Duration.ofMinutes(30)).heartbeatTimeout(Duration.ofSeconds(5)));
        assertThat(relative).isEqualTo(new NewJob.TimeLimits(Duration.ofMinutes(1), null, Duration.ofMinutes(30),
                Duration.ofSeconds(5)));

        Instant at = NOW.plus(Duration.ofHours(3));
        NewJob.TimeLimits absolute = enqueued(new BuildReport("wed"), o -> o.deadline(at));
        assertThat(absolute.deadline()).isEqualTo(at);
        assertThat(absolute.deadlineIn()).as("the kind's span does not come back beside a moment").isNull();

        NewJob.TimeLimits lastWins = enqueued(new BuildReport("thu"), o -> o.deadline(at).deadline(Duration.ofMinutes(5)));
        assertThat(lastWins.deadline()).isNull();
        assertThat(lastWins.deadlineIn()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aJobWithoutLimitsCarriesNone() {
        assertThat(enqueued(new SendMail("a@b.c"), o -> {})).isSameAs(NewJob.TimeLimits.NONE);
    }

    @Test
    void aDeadlineTheJobCouldNeverMeetFailsTheEnqueue() {
        assertThatThrownBy(() -> stevedore.enqueue(new SendMail("x"), o -> o.in(Duration.ofHours(2)).deadline(Duration.ofHours(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the job is due at 2026-11-23T12:00:00Z, not before its deadline 2026-11-23T11:00:00Z: it could "
                        + "never run; schedule it earlier or give a later deadline");
        assertThatThrownBy(() -> stevedore.enqueue(new SendMail("x"), o -> o.at(NOW.plusSeconds(60)).deadline(NOW.plusSeconds(60))))
                .hasMessageContaining("could never run");
        assertThatThrownBy(() -> stevedore.enqueue(new SendMail("x"), o -> o.deadline(NOW.minusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline 2026-11-23T09:59:59Z has already passed (now 2026-11-23T10:00:00Z)");
        assertThatThrownBy(() -> stevedore.enqueue(new BuildReport("fri"), o -> o.in(Duration.ofHours(1))))
                .as("the kind's deadline counts too").hasMessageContaining("could never run");
        assertThat(inserted).isEmpty();
        stevedore.enqueue(new SendMail("x"), o -> o.in(Duration.ofMinutes(59)).deadline(Duration.ofHours(1)));
        assertThat(inserted).hasSize(1);
    }
}
