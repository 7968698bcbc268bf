package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private final Classifier classifier = Classifier.defaults();

    static class PaymentApiUnauthorizedException extends RuntimeException {}

    static class AccountNotFoundException extends RuntimeException {}

    static class QuotaException extends RuntimeException implements ErrorClassifier.Categorized {
        @Override
        public ErrorCategory category() {
            return ErrorCategory.PERMANENT;
        }
    }

    @Test
    void builtInRules() {
        assertThat(classifier.classify(new IOException())).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(classifier.classify(new SocketTimeoutException())).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(classifier.classify(new TimeoutException())).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(classifier.classify(new SecurityException())).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(classifier.classify(new NoSuchElementException())).isEqualTo(ErrorCategory.MISSING_RECORD);
        assertThat(classifier.classify(new NullPointerException())).isEqualTo(ErrorCategory.CODE);
        assertThat(classifier.classify(new NoSuchMethodError())).isEqualTo(ErrorCategory.CODE);
        assertThat(classifier.classify(new IllegalArgumentException())).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(classifier.classify(new IllegalStateException())).isEqualTo(ErrorCategory.TRANSIENT);
    }

    @Test
    void causesAreFollowed() {
        assertThat(classifier.classify(new RuntimeException(new SocketTimeoutException()))).isEqualTo(ErrorCategory.TIMEOUT);
    }

    @Test
    void telltaleClassNamesOfLibraries() {
        assertThat(classifier.classify(new PaymentApiUnauthorizedException())).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(classifier.classify(new AccountNotFoundException())).isEqualTo(ErrorCategory.MISSING_RECORD);
    }

    @Test
    void exceptionsMayStateTheirCategory() {
        assertThat(classifier.classify(new QuotaException())).isEqualTo(ErrorCategory.PERMANENT);
    }

    @Test
    void registeredTypesAndCustomClassifiersWin() {
        Classifier.Rules rules = new Classifier.Rules();
        rules.byType(IOException.class, ErrorCategory.AUTHENTICATION);
        rules.custom(e -> e instanceof NullPointerException ? ErrorCategory.MISSING_RECORD : null);
        rules.action(ErrorCategory.CODE, ErrorAction.HOLD);
        Classifier custom = rules.build();
        assertThat(custom.classify(new IOException())).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(custom.classify(new NullPointerException())).isEqualTo(ErrorCategory.MISSING_RECORD);
        assertThat(custom.classify(new ClassCastException())).isEqualTo(ErrorCategory.CODE);
        assertThat(custom.actionFor(ErrorCategory.CODE)).isEqualTo(ErrorAction.HOLD);
        assertThat(custom.actionFor(ErrorCategory.AUTHENTICATION)).isEqualTo(ErrorAction.HOLD);
        assertThat(custom.actionFor(ErrorCategory.TRANSIENT)).isEqualTo(ErrorAction.RETRY);
    }
}
