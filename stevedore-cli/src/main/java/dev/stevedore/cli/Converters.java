package dev.stevedore.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters: a bad value becomes a usage error (exit 2) naming the option. */
final class Converters {
    private Converters() {}

    /** {@code --database}. */
    static final class StoreUrlConverter implements ITypeConverter<StoreUrl> {
        @Override
        public StoreUrl convert(String value) {
            try {
                return StoreUrls.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Durations such as {@code 30s}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
