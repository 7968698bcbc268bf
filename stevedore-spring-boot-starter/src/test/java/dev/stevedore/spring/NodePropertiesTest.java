package dev.stevedore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobHandler;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spring.SqliteContext.Ping;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The stevedore.* properties reach the node, and a bad one fails startup naming its key. */
class NodePropertiesTest {
    @TempDir Path dir;

    @Test
    void queuesOfThePropertiesAreTheQueuesTheNodeRuns() {
        SqliteContext.on(dir.resolve("jobs.db"))
                .withPropertyValues("stevedore.queues.mail.concurrency=3", "stevedore.queues.reports.concurrency=1")
                .run(context -> assertThat(context.getBean(Stevedore.class).queueConcurrency())
                        .isEqualTo(Map.of("mail", 3, "reports", 1)));
    }

    @Test
    void noQueueConfiguredRunsTheDefaultQueue() {
        SqliteContext.on(dir.resolve("jobs.db")).run(context ->
                assertThat(context.getBean(Stevedore.class).queueConcurrency()).isEqualTo(Map.of("default", 10)));
    }

    @Test
    void valueOutOfRangeNamesItsKey() {
        SqliteContext.on(dir.resolve("jobs.db")).withPropertyValues("stevedore.queues.mail.concurrency=0").run(context ->
                // The builder's own exception stays the cause; the message naming the key wraps it.
                assertThat(context).getFailure().hasStackTraceContaining(
                        "IllegalArgumentException: stevedore.queues.mail: concurrency must be in [1, 10000], was 0"));
    }

    @Test
    void cronOfAKindNoHandlerHandlesListsTheHandledKinds() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(PingHandler.class)
                .withPropertyValues("stevedore.cron.nightly.expression=@daily", "stevedore.cron.nightly.kind=test.pnig")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "stevedore.cron.nightly.kind: no handler in this application handles \"test.pnig\"; handled kinds: [test.ping]"));
    }

    @Test
    void cronArgsWithAFieldTheRecordLacksFailStartup() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(PingHandler.class)
                .withPropertyValues("stevedore.cron.nightly.expression=@daily", "stevedore.cron.nightly.kind=test.ping",
                        "stevedore.cron.nightly.args={\"txet\": \"x\"}")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("stevedore.cron.nightly.args does not decode as Ping: Unrecognized field \"txet\""));
    }

    @Test
    void cronWithoutExpressionFailsStartup() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(PingHandler.class)
                .withPropertyValues("stevedore.cron.nightly.kind=test.ping")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("stevedore.cron.nightly.expression is required"));
    }

    @Test
    void postgresWithoutADataSourceSaysWhatToConfigure() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(StevedoreAutoConfiguration.class))
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageStartingWith(
                        "stevedore.store.type is postgres, but the application has no single DataSource"));
    }

    @Test
    void sqliteWithoutAFileSaysSo() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(StevedoreAutoConfiguration.class))
                .withPropertyValues("stevedore.store.type=sqlite")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("stevedore.store.file is required when stevedore.store.type is sqlite"));
    }

    @Test
    void withoutAutostartTheNodeOnlyEnqueuesAndHealthSaysSo() {
        SqliteContext.on(dir.resolve("jobs.db")).withPropertyValues("stevedore.autostart=false").run(context -> {
            assertThat(context.getBean(StevedoreLifecycle.class).isRunning()).isFalse();
            Stevedore stevedore = context.getBean(Stevedore.class);
            long id = stevedore.enqueue(new Ping("later")).id();
            assertThat(stevedore.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
            var health = context.getBean(StevedoreHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("heartbeat", "not running jobs (enqueue only)");
        });
    }

    @Test
    void customizerBeansAddWhatPropertiesCannotSayInTheirOrder() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(Customizers.class).run(context ->
                assertThat(context.getBean(Stevedore.class).limits()).containsOnlyKeys("pings-one-at-a-time"));
    }

    @Test
    void customizerRejectingASettingFailsStartup() {
        SqliteContext.on(dir.resolve("jobs.db")).withBean(StevedoreBuilderCustomizer.class, () -> b -> b.nodeConcurrency(0))
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("nodeConcurrency must be"));
    }

    @Test
    void disabledCreatesNoNode() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(StevedoreAutoConfiguration.class))
                .withPropertyValues("stevedore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Stevedore.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        /** Runs first: declares the limit the second one would otherwise declare twice. */
        @Bean
        @Order(1)
        StevedoreBuilderCustomizer first() {
            return b -> b.limit("pings-one-at-a-time", l -> l.kinds("test.ping").concurrency(1));
        }

        @Bean
        @Order(2)
        StevedoreBuilderCustomizer second() {
            return b -> {
                try {
                    b.limit("pings-one-at-a-time", l -> l.kinds("test.ping").concurrency(2));
                    throw new AssertionError("the second declaration ran first");
                } catch (IllegalArgumentException expected) {
                    // declared twice: so the first customizer ran before
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PingHandler {
        @Bean
        JobHandler<Ping> pingHandler() {
            return (ctx, ping) -> {};
        }
    }
}
