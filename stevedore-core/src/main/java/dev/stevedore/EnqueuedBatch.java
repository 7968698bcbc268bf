package dev.stevedore;

import java.util.List;
import java.util.Map;

/**
 * The result of {@link Stevedore#enqueueBatch}.
 *
 * @param id     the batch's id, for {@link Stevedore#batch(long)} and {@link Stevedore#enqueueInBatch}
 * @param jobIds the ids of its jobs, in the order they were added
 * @param steps  the ids of its named steps, by name
 */
public record EnqueuedBatch(long id, List<Long> jobIds, Map<String, Long> steps) {
    public EnqueuedBatch {
        jobIds = List.copyOf(jobIds);
        steps = Map.copyOf(steps);
    }

    /** The id of the step called {@code name}; {@link IllegalArgumentException} if there is none. */
    public long step(String name) {
        Long id = steps.get(name);
        if (id == null) {
            throw new IllegalArgumentException("batch " + this.id + " has no step \"" + name + "\"; its steps are "
                    + steps.keySet().stream().sorted().toList());
        }
        return id;
    }
}
