package dev.stevedore;

import java.util.Objects;

/** Reads the stable kind of a job-argument record from its {@link JobKind} annotation. */
final class Kinds {
    private static final ClassValue<String> KIND = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            JobKind annotation = type.getAnnotation(JobKind.class);
            if (annotation == null) {
                throw new IllegalArgumentException(type.getName() + " has no @JobKind: annotate it, e.g. @JobKind(\""
                        + type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT)
                        + "\"), so stored jobs keep working when the class is renamed");
            }
            return Names.checkKind(annotation.value());
        }
    };

    private Kinds() {}

    static String of(Class<?> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record; job arguments are records");
        }
        return KIND.get(type);
    }
}
