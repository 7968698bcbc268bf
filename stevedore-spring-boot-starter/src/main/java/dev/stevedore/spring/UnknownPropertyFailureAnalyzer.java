package dev.stevedore.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints an unknown {@code stevedore.*} key as Spring Boot's startup failure report, with what to do. */
final class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownStevedorePropertyException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownStevedorePropertyException cause) {
        return new FailureAnalysis("Stevedore does not know these properties:\n  " + String.join("\n  ", cause.unknown()),
                "Correct each key (the suggestion is the nearest known one) or remove it. Every stevedore.* property is "
                        + "listed in docs/spring-boot.md, and IDEs complete them from the starter's metadata.", cause);
    }
}
