package dev.stevedore;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs a limit or breaker applies to: jobs of some kinds, jobs of one queue, or jobs of those
 * kinds in that queue. Filled by {@link Limit} and {@link Breaker}.
 */
final class JobScope {
    final Set<String> kinds = new LinkedHashSet<>();
    @Nullable String queue;

    void addKinds(Class<?>[] types) {
        for (Class<?> type : types) {
            kinds.add(Kinds.of(Objects.requireNonNull(type, "kind type")));
        }
    }

    void addKinds(String[] names) {
        for (String name : names) {
            kinds.add(Names.checkKind(name));
        }
    }

    boolean matches(Job job) {
        return matches(job.kind(), job.queue());
    }

    boolean matches(String kind, String jobQueue) {
        return (kinds.isEmpty() || kinds.contains(kind)) && (queue == null || queue.equals(jobQueue));
    }

    /** Whether some job of {@code jobQueue} may fall in this scope. */
    boolean mayMatchQueue(String jobQueue) {
        return queue == null || queue.equals(jobQueue);
    }

    /** Refuses a scope that would silently cover every job. */
    void checkSet(String what) {
        if (kinds.isEmpty() && queue == null) {
            throw new IllegalArgumentException(what + " applies to nothing: name its kinds(...) or its queue(...)");
        }
    }

    @Override
    public String toString() {
        return (kinds.isEmpty() ? "" : "kinds " + kinds) + (queue == null ? "" : (kinds.isEmpty() ? "" : " in ") + "queue " + queue);
    }
}
