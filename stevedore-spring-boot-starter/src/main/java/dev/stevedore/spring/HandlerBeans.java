package dev.stevedore.spring;

import dev.stevedore.JobContext;
import dev.stevedore.JobHandler;
import dev.stevedore.JobKind;
import dev.stevedore.KindOptions;
import dev.stevedore.StevedoreBuilder;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the application's handlers among its beans and registers them on a builder: beans
 * implementing {@link JobHandler}, and bean methods annotated with {@link StevedoreJob}.
 *
 * <p>Only bean definitions are read here, never bean instances: a handler bean may itself inject the
 * {@code Stevedore} being built (to enqueue follow-up jobs), so it is looked up when its first job
 * runs, by then the context has started.
 */
final class HandlerBeans {
    private final ConfigurableListableBeanFactory beans;
    /** Each registered kind's record type, for the cron schedules of the properties. */
    private final Map<String, Class<? extends Record>> kinds = new LinkedHashMap<>();

    HandlerBeans(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    /** Registers every handler found on {@code builder}; returns the kinds registered, with their record types. */
    Map<String, Class<? extends Record>> registerOn(StevedoreBuilder builder) {
        for (String name : beans.getBeanNamesForType(JobHandler.class, true, false)) {
            Class<?> type = recordOf(handlerType(name), name);
            Class<?> beanClass = beans.getType(name, false);
            StevedoreJob options = beanClass == null ? null
                    : AnnotatedElementUtils.findMergedAnnotation(ClassUtils.getUserClass(beanClass), StevedoreJob.class);
            register(builder, type, new BeanJobHandler<>(beans, name), options, "bean '" + name + "'");
        }
        for (String name : beans.getBeanDefinitionNames()) {
            // A scoped bean is also defined as its target ("scopedTarget.x"): one handler per bean, not two.
            if (beans.getBeanDefinition(name).getRole() != BeanDefinition.ROLE_APPLICATION
                    || ScopedProxyUtils.isScopedTarget(name)) {
                continue;
            }
            Class<?> beanClass = beans.getType(name, false);
            if (beanClass == null) {
                continue;
            }
            Map<Method, StevedoreJob> methods = MethodIntrospector.selectMethods(ClassUtils.getUserClass(beanClass),
                    (MethodIntrospector.MetadataLookup<StevedoreJob>) m -> AnnotatedElementUtils.findMergedAnnotation(m, StevedoreJob.class));
            methods.forEach((method, options) -> {
                MethodJobHandler<?> handler = MethodJobHandler.of(beans, name, method);
                register(builder, handler.recordType(), handler, options, "method " + MethodJobHandler.describe(method));
            });
        }
        return Map.copyOf(kinds);
    }

    private ResolvableType handlerType(String name) {
        // A @Bean method's declared return type keeps the generic (JobHandler<SendEmail>); a lambda's
        // class does not, so the definition is asked first and the class only as the fallback.
        ResolvableType declared = beans.getMergedBeanDefinition(name).getResolvableType().as(JobHandler.class);
        if (declared.getGeneric(0).resolve() != null) {
            return declared;
        }
        Class<?> type = beans.getType(name, false);
        return type == null ? ResolvableType.NONE : ResolvableType.forClass(type).as(JobHandler.class);
    }

    private static Class<?> recordOf(ResolvableType handler, String name) {
        Class<?> type = handler.getGeneric(0).resolve();
        if (type == null || type == Record.class) {
            throw new IllegalStateException("cannot tell which job the JobHandler bean '" + name + "' handles: declare it "
                    + "with its record type, as a class implementing JobHandler<YourJob> or a @Bean method returning "
                    + "JobHandler<YourJob>");
        }
        return type;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void register(StevedoreBuilder builder, Class<?> type, JobHandler<?> handler, @Nullable StevedoreJob options,
                          String where) {
        try {
            builder.handle((Class) type, (JobHandler) handler, kindOptions(options));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " cannot handle " + type.getName() + ": " + e.getMessage(), e);
        }
        kinds.put(type.getAnnotation(JobKind.class).value(), type.asSubclass(Record.class));
    }

    private static Consumer<KindOptions> kindOptions(@Nullable StevedoreJob options) {
        return kind -> {
            if (options == null) {
                return;
            }
            if (!options.queue().isEmpty()) {
                kind.queue(options.queue());
            }
            if (options.maxAttempts() != 0) {
                kind.maxAttempts(options.maxAttempts());
            }
        };
    }

    /** A {@link JobHandler} bean, looked up when a job runs. */
    private record BeanJobHandler<T extends Record>(ConfigurableListableBeanFactory beans, String name)
            implements JobHandler<T> {
        @Override
        @SuppressWarnings("unchecked")
        public void handle(JobContext ctx, T args) throws Exception {
            ((JobHandler<T>) beans.getBean(name)).handle(ctx, args);
        }
    }
}
