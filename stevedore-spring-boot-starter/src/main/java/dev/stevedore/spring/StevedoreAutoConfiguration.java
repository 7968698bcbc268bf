package dev.stevedore.spring;

import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of a Stevedore node in a Spring Boot application: the store on the application's
 * DataSource (or an SQLite file), the handler beans, the {@code stevedore.*} properties, enqueues that
 * join Spring transactions, Micrometer, the Actuator health indicator, the dashboard and graceful
 * shutdown. Every bean backs off when the application defines its own of that type. See
 * docs/spring-boot.md.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnProperty(prefix = StevedoreProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(StevedoreProperties.class)
public class StevedoreAutoConfiguration {
    /** The store bean's name: an enqueue joins transactions only on the store made here. */
    static final String STORE_BEAN = "stevedoreStore";
    /** Spring's shutdown phase timeout when {@code spring.lifecycle.timeout-per-shutdown-phase} is unset. */
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(StevedoreAutoConfiguration.class);

    @Bean
    UnknownPropertyCheck stevedorePropertyCheck(Environment environment) {
        return UnknownPropertyCheck.run((ConfigurableEnvironment) environment);
    }

    @Bean(name = STORE_BEAN, destroyMethod = "close")
    @ConditionalOnMissingBean(Store.class)
    Store stevedoreStore(UnknownPropertyCheck checked, StevedoreProperties properties, ObjectProvider<DataSource> dataSource,
                         ConfigurableListableBeanFactory beans) {
        StoreProperties settings = properties.getStore();
        Store store = switch (settings.getType()) {
            case POSTGRES -> PostgresStores.create(settings, dataSource.getIfUnique());
            case SQLITE -> {
                requireClass(beans, "dev.stevedore.sqlite.SqliteStore", "stevedore.store.type=sqlite", "stevedore-sqlite");
                yield SqliteStores.create(settings);
            }
        };
        if (settings.isMigrate()) {
            try {
                store.migrateUp();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }

    /** The node; the bean stops it on close (idempotent after the lifecycle's stop) and leaves the store to its own bean. */
    @Bean(destroyMethod = "stop")
    @ConditionalOnMissingBean(Stevedore.class)
    Stevedore stevedore(UnknownPropertyCheck checked, StevedoreProperties properties, Store store,
                        ObjectProvider<DataSource> dataSource, ConfigurableListableBeanFactory beans,
                        ObjectProvider<StevedoreBuilderCustomizer> customizers, Environment environment) {
        if (properties.getDashboard().isEnabled()) {
            requireClass(beans, "dev.stevedore.dashboard.Dashboard", "stevedore.dashboard.enabled=true", "stevedore-dashboard");
        }
        StevedoreBuilder builder = Stevedore.builder().store(store);
        NodeProperties.apply(properties, builder);
        Map<String, Class<? extends Record>> kinds = new HandlerBeans(beans).registerOn(builder);
        NodeProperties.applyCron(properties, builder, kinds);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        warnIfStopOutlastsPhase(properties, environment);
        boolean storeMadeHere = properties.getStore().getType() == StoreProperties.Type.POSTGRES
                && beans.containsBean(STORE_BEAN) && beans.getBean(STORE_BEAN) == store;
        return new TransactionalStevedore(builder.build(), storeMadeHere ? dataSource.getIfUnique() : null);
    }

    @Bean
    @ConditionalOnMissingBean
    StevedoreLifecycle stevedoreLifecycle(Stevedore stevedore, StevedoreProperties properties) {
        return new StevedoreLifecycle(stevedore, properties.isAutostart());
    }

    /** Fails when {@code type} is missing from the application's class loader (the one its beans load from). */
    private static void requireClass(ConfigurableListableBeanFactory beans, String type, String setting, String artifact) {
        if (!ClassUtils.isPresent(type, beans.getBeanClassLoader())) {
            throw new IllegalStateException(setting + " needs dev.stevedore:" + artifact + " on the class path: add it as a dependency");
        }
    }

    /**
     * Spring stops waiting for a lifecycle phase after {@code spring.lifecycle.timeout-per-shutdown-phase}
     * and goes on closing beans; the node's bean then still waits for its jobs before the store closes,
     * but the web server and other beans of later phases are already stopping: say so at startup.
     */
    private static void warnIfStopOutlastsPhase(StevedoreProperties properties, Environment environment) {
        Duration phase = Binder.get(environment).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_PHASE_TIMEOUT);
        Duration longest = StevedoreLifecycle.longestStop(properties);
        if (longest.compareTo(phase) > 0) {
            LOG.warn("stevedore.shutdown-grace + stevedore.interrupt-grace ({}) exceed spring.lifecycle.timeout-per-shutdown-phase"
                    + " ({}): raise the phase timeout or shorten the graces, or shutdown may move on while jobs still run",
                    longest, phase);
        }
    }

    /** Publishes the node's meters to the application's Micrometer registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetersConfiguration {
        @Bean
        StevedoreBuilderCustomizer stevedoreMeters(ObjectProvider<MeterRegistry> registry, StevedoreProperties properties) {
            return builder -> {
                MeterRegistry unique = registry.getIfUnique();
                if (properties.getMetrics().isEnabled() && unique != null) {
                    builder.meterRegistry(unique).gaugeRefresh(properties.getMetrics().getGaugeRefresh());
                }
            };
        }
    }

    /** The Actuator health indicator "stevedore", unless {@code management.health.stevedore.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.stevedore", name = "enabled", matchIfMissing = true)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "stevedoreHealthIndicator")
        StevedoreHealthIndicator stevedoreHealthIndicator(Stevedore stevedore, Store store, StevedoreLifecycle lifecycle,
                                                          StevedoreProperties properties) {
            return new StevedoreHealthIndicator(stevedore, store, lifecycle, properties);
        }
    }

    /** The dashboard on its own port when {@code stevedore.dashboard.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.stevedore.dashboard.Dashboard")
    @ConditionalOnProperty(prefix = StevedoreProperties.PREFIX + ".dashboard", name = "enabled")
    static class DashboardConfiguration {
        @Bean
        DashboardServer stevedoreDashboard(Stevedore stevedore, Store store, StevedoreProperties properties,
                                           Environment environment) {
            return new DashboardServer(stevedore, store, properties.getDashboard(), (ConfigurableEnvironment) environment);
        }
    }
}
