package dev.stevedore.spi;

import dev.stevedore.JobState;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The uniqueness of a job to insert, resolved by the runtime. SPI record.
 *
 * <p>The store keeps {@code key} (with the period bucket appended, when there is a period) and the
 * states; its unique index covers exactly the rows whose state is one of {@code states}.
 *
 * @param key    the key without the period bucket: a hash of kind and the compared values
 * @param states the states in which a row with this key refuses another
 * @param period the bucket width, or null for none; the store appends
 *               {@code ":" + floor(epochSeconds(scheduledAt) / period.seconds)} using its own clock
 */
public record UniqueKey(String key, Set<JobState> states, @Nullable Duration period) {
    public UniqueKey {
        Objects.requireNonNull(key, "key");
        states = Set.copyOf(states);
    }

    /** The states as stored: {@code ",available,running,"}, so a state matches by substring search. */
    public String statesColumn() {
        return EnumSet.copyOf(states).stream().map(JobState::dbName).collect(Collectors.joining(",", ",", ","));
    }

    /** The key stored for a job that runs at {@code scheduledAtEpochSecond}. */
    public String storedKey(long scheduledAtEpochSecond) {
        return period == null ? key : key + ":" + Math.floorDiv(scheduledAtEpochSecond, period.getSeconds());
    }
}
