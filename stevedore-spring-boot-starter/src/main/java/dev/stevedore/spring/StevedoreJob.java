package dev.stevedore.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a job kind, or sets the kind's options on a
 * {@link dev.stevedore.JobHandler} bean.
 *
 * <p>On a method of any bean: the method takes the job-argument record (a record annotated with
 * {@link dev.stevedore.JobKind}), optionally with the {@link dev.stevedore.JobContext} before or after
 * it. Returning normally completes the job; a value returned (not {@code void}, not null) becomes the
 * job's output. Exceptions are classified as for any handler. The method is called on the bean as the
 * application context holds it, so its proxies ({@code @Transactional}, say) apply.
 *
 * <pre>{@code
 * @Component
 * class Mailer {
 *     @StevedoreJob(queue = "mail")
 *     void send(SendEmail job) { … }
 * }
 * }</pre>
 *
 * <p>On a class implementing {@code JobHandler<T>}: only the options below apply; the bean is
 * registered as the handler of {@code T}'s kind whether annotated or not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface StevedoreJob {
    /** The queue of this kind's jobs when the enqueue names none; default the queue {@code "default"}. */
    String queue() default "";

    /** Attempts of this kind's jobs, 1..1000; 0 (the default) means the node's default. */
    int maxAttempts() default 0;
}
