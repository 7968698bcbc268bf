package dev.stevedore;

import java.time.Duration;
import java.time.Instant;

/**
 * The error of one failed attempt, kept on the job.
 *
 * @param attempt    the attempt number that failed
 * @param at         when it failed
 * @param node       the node that ran it
 * @param errorClass the exception's class name
 * @param message    the exception's message (may be empty)
 * @param stack      the stack trace, trimmed to a bounded size
 * @param category   how the failure was classified
 * @param duration   how long the attempt ran
 */
public record AttemptError(
        int attempt,
        Instant at,
        String node,
        String errorClass,
        String message,
        String stack,
        ErrorCategory category,
        Duration duration) {}
