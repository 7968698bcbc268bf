package dev.stevedore;

import java.time.Duration;
import java.time.Instant;

/**
 * When each item of a fan-out runs: item {@code position} falls in slot {@code position / perSlot},
 * which begins {@code slot × width} after the start, at an offset inside the slot taken from the
 * item's digest. Everything is a function of stored or derived values, never of the clock at the
 * time of the call, so a resumed fan-out gives every item the time it had before.
 */
record FanOutSlots(int perSlot, Duration width) {
    FanOutSlots {
        if (perSlot < 1) {
            throw new IllegalArgumentException("perSlot must be ≥ 1, was " + perSlot);
        }
        if (width.toMillis() < 1) {
            throw new IllegalArgumentException("slot width must be ≥ 1 ms, was " + width);
        }
    }

    /** The run time of the item at {@code position}, whose job has the hex digest {@code digest}. */
    Instant at(Instant start, long position, String digest) {
        long slot = position / perSlot;
        // 64 bits of a SHA-256: uniform, so the items of a slot spread evenly across it.
        long hash = Long.parseUnsignedLong(digest.substring(0, 16), 16);
        long offsetMillis = Math.floorMod(hash, width.toMillis());
        return start.plus(width.multipliedBy(slot)).plusMillis(offsetMillis);
    }
}
