package dev.stevedore.examples.spring;

import dev.stevedore.JobKind;

/** The job of welcoming a new account by e-mail. */
@JobKind("shop.welcome-email")
public record WelcomeEmail(long accountId) {}
