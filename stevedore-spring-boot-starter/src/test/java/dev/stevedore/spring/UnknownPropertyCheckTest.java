package dev.stevedore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Stevedore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A stevedore.* key that binds to nothing fails startup, with the nearest known key when one is near. */
class UnknownPropertyCheckTest {
    @TempDir Path dir;

    @Test
    void misspeltGroupSuggestsTheGroupWithTheSameMapKey() {
        assertUnknown("stevedore.queus.x=4", "stevedore.queus.x", "did you mean stevedore.queues.x?");
    }

    @Test
    void misspeltKeyInsideAMapEntrySuggestsTheKeyWithItsEntry() {
        assertUnknown("stevedore.queues.mail.concurency=4", "stevedore.queues.mail.concurency",
                "did you mean stevedore.queues.mail.concurrency?");
    }

    @Test
    void misspeltNestedKeySuggestsItInDashedForm() {
        assertUnknown("stevedore.dashbord.port=8081", "stevedore.dashbord.port", "did you mean stevedore.dashboard.port?");
    }

    @Test
    void misspeltCamelCaseKeyIsComparedRelaxed() {
        assertUnknown("stevedore.shutdownGrase=5s", "stevedore.shutdownGrase", "did you mean stevedore.shutdown-grace?");
    }

    @Test
    void keyNothingIsNearIsReportedWithoutSuggestion() {
        SqliteContext.on(dir.resolve("jobs.db")).withPropertyValues("stevedore.flux-capacitor-wattage=1.21").run(context ->
                assertThat(context).getFailure().rootCause().isInstanceOf(UnknownStevedorePropertyException.class)
                        .hasMessageContaining("stevedore.flux-capacitor-wattage").hasMessageNotContaining("did you mean"));
    }

    @Test
    void knownKeysInAnySpellingSpringAcceptsStartTheNode() {
        SqliteContext.on(dir.resolve("jobs.db"))
                .withPropertyValues("stevedore.shutdownGrace=5s", "stevedore.queues.mail.latency_target=10s",
                        "stevedore.redact[0]=password", "stevedore.dashboard.users.ops.password=correct-horse",
                        "stevedore.retention.stats-minutes=3h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(StevedoreProperties.class).getShutdownGrace()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(context.getBean(Stevedore.class).queueConcurrency()).containsOnlyKeys("mail");
                });
    }

    /** STEVEDORE_* variables also carry the core's own overrides, so they are not checked as properties. */
    @Test
    void environmentVariablesAreNotChecked() {
        SqliteContext.on(dir.resolve("jobs.db"))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new SystemEnvironmentPropertySource("systemEnvironment", Map.of("STEVEDORE_QUEUE_MAIL_CONCURRENCY", "3"))))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(PropertyKeys.distance("queues", "queues")).isZero();
        assertThat(PropertyKeys.distance("queus", "queues")).isEqualTo(1);
        assertThat(PropertyKeys.distance("qeueus", "queues")).isEqualTo(2);
        assertThat(PropertyKeys.distance("", "cron")).isEqualTo(4);
        assertThat(PropertyKeys.distance("kitten", "sitting")).isEqualTo(3);
    }

    private void assertUnknown(String setting, String key, String suggestion) {
        SqliteContext.on(dir.resolve("jobs.db")).withPropertyValues(setting).run(context ->
                assertThat(context).getFailure().rootCause().isInstanceOf(UnknownStevedorePropertyException.class)
                        .hasMessageContaining(key).hasMessageContaining(suggestion));
    }
}
