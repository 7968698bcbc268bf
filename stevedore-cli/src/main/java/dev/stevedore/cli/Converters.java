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

    /** Sizes such as {@code 512m}, {@code 2g} or a plain byte count: k, m and g are powers of 1024. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d{1,12})([kmg]?)").matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size: use a number of bytes or one with k, m or g, e.g. 512m");
            }
            int shift = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            return Long.parseLong(m.group(1)) << shift;
        }
    }
}
