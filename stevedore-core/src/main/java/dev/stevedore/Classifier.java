package dev.stevedore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The node's error classifier: custom classifiers first, then registered types, then
 * {@link ErrorClassifier.Categorized}, then built-in rules for JDK exceptions and telling class names,
 * then {@link ErrorCategory#TRANSIENT} (an unknown failure deserves a retry before a verdict).
 */
final class Classifier {
    private final List<ErrorClassifier> custom;
    private final Map<Class<? extends Throwable>, ErrorCategory> byType;
    private final Map<ErrorCategory, ErrorAction> actions;

    private Classifier(Rules rules) {
        this.custom = List.copyOf(rules.custom);
        this.byType = new LinkedHashMap<>(rules.byType);
        this.actions = new EnumMap<>(rules.actions);
    }

    static Classifier defaults() {
        return new Rules().build();
    }

    ErrorCategory classify(Throwable error) {
        for (ErrorClassifier classifier : custom) {
            ErrorCategory category = classifier.classify(error);
            if (category != null) {
                return category;
            }
        }
        // The cause chain matters: a wrapped SocketTimeoutException is still a timeout.
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ErrorCategory category = classifyOne(t);
            if (category != null) {
                return category;
            }
        }
        return ErrorCategory.TRANSIENT;
    }

    ErrorAction actionFor(ErrorCategory category) {
        return actions.getOrDefault(category, category.defaultAction());
    }

    private ErrorCategory classifyOne(Throwable t) {
        for (Map.Entry<Class<? extends Throwable>, ErrorCategory> rule : byType.entrySet()) {
            if (rule.getKey().isInstance(t)) {
                return rule.getValue();
            }
        }
        if (t instanceof ErrorClassifier.Categorized categorized) {
            return categorized.category();
        }
        if (t instanceof ArgsCodec.UndecodableArgsException) {
            return ErrorCategory.PERMANENT;
        }
        if (t instanceof TimeoutException || t instanceof SocketTimeoutException || t instanceof InterruptedException) {
            return ErrorCategory.TIMEOUT;
        }
        if (t instanceof SecurityException) {
            return ErrorCategory.AUTHENTICATION;
        }
        if (t instanceof NoSuchElementException) {
            return ErrorCategory.MISSING_RECORD;
        }
        if (t instanceof ConnectException || t instanceof IOException || t instanceof UncheckedIOException
                || t instanceof SQLTransientException) {
            return ErrorCategory.TRANSIENT;
        }
        if (t instanceof NullPointerException || t instanceof ClassCastException
                || t instanceof UnsupportedOperationException || t instanceof IndexOutOfBoundsException
                || t instanceof LinkageError || t instanceof AbstractMethodError) {
            return ErrorCategory.CODE;
        }
        if (t instanceof IllegalArgumentException) {
            return ErrorCategory.PERMANENT;
        }
        return byName(t.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    }

    /** Library exceptions we cannot name as types (HTTP clients, ORMs) usually say what they are. */
    private static ErrorCategory byName(String name) {
        if (name.contains("unauthorized") || name.contains("authentication") || name.contains("forbidden")
                || name.contains("credential")) {
            return ErrorCategory.AUTHENTICATION;
        }
        if (name.contains("timeout") || name.contains("timedout")) {
            return ErrorCategory.TIMEOUT;
        }
        if (name.contains("notfound") || name.contains("norecord") || name.contains("nosuchentity")
                || name.contains("entitynotfound")) {
            return ErrorCategory.MISSING_RECORD;
        }
        if (name.contains("validation") || name.contains("invalid")) {
            return ErrorCategory.PERMANENT;
        }
        return null;
    }

    /** Collects the builder's classification rules. */
    static final class Rules {
        private final List<ErrorClassifier> custom = new ArrayList<>();
        private final Map<Class<? extends Throwable>, ErrorCategory> byType = new LinkedHashMap<>();
        private final Map<ErrorCategory, ErrorAction> actions = new EnumMap<>(ErrorCategory.class);

        void custom(ErrorClassifier classifier) {
            custom.add(Objects.requireNonNull(classifier, "classifier"));
        }

        void byType(Class<? extends Throwable> type, ErrorCategory category) {
            byType.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(category, "category"));
        }

        void action(ErrorCategory category, ErrorAction action) {
            actions.put(Objects.requireNonNull(category, "category"), Objects.requireNonNull(action, "action"));
        }

        Classifier build() {
            return new Classifier(this);
        }
    }
}
