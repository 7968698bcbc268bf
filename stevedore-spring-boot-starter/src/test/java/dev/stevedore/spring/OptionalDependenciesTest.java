package dev.stevedore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Stevedore;
import dev.stevedore.dashboard.Dashboard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Actuator, Micrometer and the dashboard are used when present and not needed when absent. */
class OptionalDependenciesTest {
    @TempDir Path dir;

    @Test
    void withoutActuatorMicrometerOrDashboardTheNodeStillStarts() {
        SqliteContext.on(dir.resolve("jobs.db"))
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class, MeterRegistry.class, Dashboard.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Stevedore.class)
                            .doesNotHaveBean(StevedoreHealthIndicator.class).doesNotHaveBean(StevedoreBuilderCustomizer.class);
                });
    }

    @Test
    void dashboardEnabledWithoutTheModuleSaysWhichDependencyToAdd() {
        SqliteContext.on(dir.resolve("jobs.db")).withClassLoader(new FilteredClassLoader(Dashboard.class))
                .withPropertyValues("stevedore.dashboard.enabled=true")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "stevedore.dashboard.enabled=true needs dev.stevedore:stevedore-dashboard on the class path: add it as a dependency"));
    }

    @Test
    void withActuatorTheHealthIndicatorIsThere() {
        SqliteContext.on(dir.resolve("jobs.db")).run(context ->
                assertThat(context).hasSingleBean(StevedoreHealthIndicator.class));
    }

    @Test
    void meterRegistryBeanReceivesTheNodesMeters() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(Registry.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // The node registers its gauges at build time: this one counts the jobs running on it.
            assertThat(registry.find("stevedore.node.running").gauge()).isNotNull();
        });
    }

    @Test
    void metricsDisabledLeavesTheRegistryAlone() {
        SqliteContext.on(dir.resolve("jobs.db")).withUserConfiguration(Registry.class)
                .withPropertyValues("stevedore.metrics.enabled=false")
                .run(context -> assertThat(context.getBean(MeterRegistry.class).find("stevedore.node.running").gauge()).isNull());
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
