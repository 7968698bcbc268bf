package dev.stevedore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable name under which a job-argument record is stored.
 *
 * <p>Stored jobs refer to their kind, never to a Java class name, so renaming or moving the record
 * does not orphan jobs already in the database. Pick a name once and keep it
 * ({@code "email.send"}, {@code "report.nightly"}). Letters, digits, {@code . _ -}, 1–128 characters.
 *
 * <pre>{@code
 * @JobKind("email.send")
 * record SendEmail(long userId, String template) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JobKind {
    /** The kind string stored with every job of this record type. */
    String value();
}
