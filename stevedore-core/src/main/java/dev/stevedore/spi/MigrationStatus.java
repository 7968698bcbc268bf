package dev.stevedore.spi;

/**
 * Schema version state. SPI record.
 *
 * @param applied the highest applied migration (0 when none)
 * @param latest  the highest migration shipped in the jar
 */
public record MigrationStatus(int applied, int latest) {
    /** Whether migrations remain to apply. */
    public boolean pending() {
        return applied < latest;
    }
}
