package dev.stevedore.spring;

import dev.stevedore.JobContext;
import dev.stevedore.JobHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Runs a job by calling a {@link StevedoreJob} method on its bean: the record, and the context when the
 * method asks for it. The bean is looked up per job (a map read for a singleton), so the handler exists
 * before the bean does.
 */
final class MethodJobHandler<T extends Record> implements JobHandler<T> {
    private final BeanFactory beans;
    private final String beanName;
    private final Method method;
    private final Class<T> recordType;
    /** Where the context goes in the method's parameters: 0, 1, or -1 when it takes none. */
    private final int contextAt;

    private MethodJobHandler(BeanFactory beans, String beanName, Method method, Class<T> recordType, int contextAt) {
        this.beans = beans;
        this.beanName = beanName;
        this.method = method;
        this.recordType = recordType;
        this.contextAt = contextAt;
    }

    /** The handler of {@code method}, or {@link IllegalStateException} saying what its signature lacks. */
    static MethodJobHandler<?> of(BeanFactory beans, String beanName, Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        int records = 0;
        int contexts = 0;
        int contextAt = -1;
        Class<?> record = null;
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == JobContext.class) {
                contexts++;
                contextAt = i;
            } else if (parameters[i].isRecord()) {
                records++;
                record = parameters[i];
            }
        }
        if (records != 1 || contexts > 1 || parameters.length != records + contexts) {
            throw new IllegalStateException("@StevedoreJob method " + describe(method) + " must take one job-argument "
                    + "record and optionally a JobContext, e.g. void send(SendEmail job) or void send(JobContext ctx, SendEmail job)");
        }
        return create(beans, beanName, method, record.asSubclass(Record.class), contextAt);
    }

    private static <T extends Record> MethodJobHandler<T> create(BeanFactory beans, String beanName, Method method,
                                                                 Class<T> type, int contextAt) {
        return new MethodJobHandler<>(beans, beanName, method, type, contextAt);
    }

    Class<T> recordType() {
        return recordType;
    }

    @Override
    public void handle(JobContext ctx, T args) throws Exception {
        Object bean = beans.getBean(beanName);
        // The bean may be a proxy (@Transactional, @Async…): call the proxy's method so its advice applies.
        Method target = AopUtils.selectInvocableMethod(method, bean.getClass());
        ReflectionUtils.makeAccessible(target);
        Object[] arguments = contextAt < 0 ? new Object[] {args} : contextAt == 0 ? new Object[] {ctx, args} : new Object[] {args, ctx};
        Object result;
        try {
            result = target.invoke(bean, arguments);
        } catch (InvocationTargetException e) {
            // The handler's own exception, unwrapped, so the error classifier sees what really failed.
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
        if (result != null) {
            ctx.output(result);
        }
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }
}
