package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Fuzzes the arguments codec, the one place stored JSON becomes a record: whatever text a store holds
 * (written by another language through the SQL function, edited by hand, left by an older deploy),
 * decoding either yields the record or throws {@link ArgsCodec.UndecodableArgsException} with a
 * message, never anything else (which would escape the classifier and strand the job); and what
 * encoding accepts decodes back to an equal record.
 */
class ArgsCodecFuzzTest {
    @JobKind("fuzz.sample")
    record Sample(String text, int count, List<String> tags, Map<String, String> meta, @Nullable Instant at, Nested nested) {}

    record Nested(long id, double ratio, boolean flag) {}

    private static final int LIMIT = 64 * 1024;
    private final ArgsCodec codec = new ArgsCodec(LIMIT);

    @Property(tries = 2000)
    void decodingAnyTextYieldsTheRecordOrTheDocumentedException(@ForAll("hostileJson") String json) {
        assertDecodesOrExplains(json);
    }

    @Property(tries = 1000)
    void decodingAMutatedEncodingYieldsTheRecordOrTheDocumentedException(@ForAll("mutatedEncodings") String json) {
        assertDecodesOrExplains(json);
    }

    @Property(tries = 1000)
    void whatEncodingAcceptsDecodesToAnEqualRecord(@ForAll("samples") Sample sample) throws Exception {
        String json;
        try {
            json = codec.encode(sample);
        } catch (IllegalArgumentException refused) {
            // The only refusals: a NUL (PostgreSQL cannot store it), half a surrogate pair (UTF-8 cannot
            // encode it) or the size limit; each says so.
            assertThat(refused.getMessage()).containsAnyOf("NUL character", "lone surrogate", "over the limit of " + LIMIT);
            assertThat(containsNul(sample) || ArgsCodec.loneSurrogate(String.valueOf(sample)) >= 0
                    || refused.getMessage().contains("over the limit")).isTrue();
            return;
        }
        assertThat(containsNul(sample)).as("a NUL was accepted: " + json).isFalse();
        assertThat(ArgsCodec.loneSurrogate(json)).as("half a surrogate pair was accepted: " + json).isNegative();
        assertThat(codec.decode(json, Sample.class)).isEqualTo(sample);
    }

    @Property(tries = 50)
    void anythingOverTheLimitIsRefusedAtEncodingWithTheSizeAndTheLimit(@ForAll("oversized") String text) {
        Sample big = new Sample(text, 1, List.of(), Map.of(), null, new Nested(1, 0.5, true));
        assertThatThrownBy(() -> codec.encode(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes of JSON, over the limit of " + LIMIT).hasMessageContaining("maxArgsBytes");
    }

    @Property(tries = 1000)
    void aDecodingErrorNeverQuotesAValue(@ForAll("secrets") String secret, @ForAll("secretPlaces") String template) {
        // The message is stored with the job and shown to operators; the value may be a redacted secret.
        String json = template.replace("SECRET", secret);
        Throwable thrown = catchThrowable(() -> codec.decode(json, Sample.class));
        assertThat(thrown).as(json).isInstanceOf(ArgsCodec.UndecodableArgsException.class);
        assertThat(thrown.getMessage()).as(json).doesNotContain(secret);
        java.io.StringWriter stack = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(stack));
        assertThat(stack.toString()).as("the stored stack of " + json).doesNotContain(secret);
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(20).filter(s -> !s.matches("[0-9]+"));
    }

    @Provide
    Arbitrary<String> secretPlaces() {
        return Arbitraries.of("{\"text\":\"a\",\"count\":\"SECRET\"}", "{\"text\":SECRET}", "{\"count\":SECRET}",
                "{\"text\":\"a\",\"count\":1,\"at\":\"SECRET\"}", "{\"nested\":{\"id\":\"SECRET\"}}",
                "{\"nested\":{\"flag\":\"SECRET\"}}", "{\"tags\":\"SECRET\"}", "{\"meta\":[\"SECRET\"]}", "SECRET",
                "{\"text\":\"a\" SECRET}", "[\"SECRET\"]", "{\"nested\":{\"ratio\":\"SECRET\"}}",
                "{\"text\":\"a\\qSECRET\"}", "{\"text\":\"SECRET", "{\"nested\":{\"id\":SECRET}}", "{\"count\":1SECRET}",
                "{\"text\":[SECRET]}", "{\"at\":SECRET}");
    }

    private void assertDecodesOrExplains(String json) {
        Throwable thrown = catchThrowable(() -> codec.decode(json, Sample.class));
        if (thrown != null) {
            assertThat(thrown).as("input %s", json).isInstanceOf(ArgsCodec.UndecodableArgsException.class);
            assertThat(thrown.getMessage()).startsWith("arguments do not decode as " + Sample.class.getName() + ": ")
                    .hasSizeGreaterThan(("arguments do not decode as " + Sample.class.getName() + ": ").length());
        }
    }

    private static boolean containsNul(Sample sample) {
        return sample.text().indexOf('\0') >= 0 || sample.tags().stream().anyMatch(t -> t.indexOf('\0') >= 0)
                || sample.meta().entrySet().stream().anyMatch(e -> e.getKey().indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0);
    }

    @Provide
    Arbitrary<Sample> samples() {
        return samples(Arbitraries.strings().all().ofMaxLength(40));
    }

    private static Arbitrary<Sample> samples(Arbitrary<String> text) {
        Arbitrary<Instant> at = Arbitraries.longs().between(-62_000_000_000L, 250_000_000_000L).map(Instant::ofEpochSecond);
        Arbitrary<Nested> nested = Combinators.combine(Arbitraries.longs(), Arbitraries.doubles(), Arbitraries.of(true, false))
                .as(Nested::new);
        return Combinators.combine(text, Arbitraries.integers(), text.list().ofMaxSize(4),
                        Arbitraries.maps(text, text).ofMaxSize(3), at.injectNull(0.2), nested)
                .as(Sample::new);
    }

    @Provide
    Arbitrary<String> hostileJson() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", "\\u0000", "\\ud800", "null",
                "true", "1e999999", "-0", "\"text\"", "\"count\"", "\"tags\"", "\"meta\"", "\"at\"", "\"nested\"",
                "\"id\"", "9223372036854775808", "NaN", "'", "/*", "\u0000", "\uFEFF", "\uD83D\uDE00", " ");
        Arbitrary<String> stitched = fragments.list().ofMaxSize(40).map(parts -> String.join("", parts));
        Arbitrary<String> deep = Arbitraries.integers().between(1, 5000).map(n -> "[".repeat(n) + "]".repeat(n));
        Arbitrary<String> deepObject = Arbitraries.integers().between(1, 3000)
                .map(n -> "{\"nested\":".repeat(n) + "{}" + "}".repeat(n));
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(60), stitched, deep, deepObject,
                Arbitraries.just(""), Arbitraries.just("null"), Arbitraries.just("[]"), Arbitraries.just("\"x\""));
    }

    @Provide
    Arbitrary<String> mutatedEncodings() {
        // Text the encoder accepts (no NUL, no surrogate at all), so no try is spent on refusals.
        Arbitrary<String> valid = samples(Arbitraries.strings().all().ofMaxLength(40).map(t -> t.replaceAll("[\\x00\\p{Cs}]", "")))
                .map(codec::encode);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 10_000), Arbitraries.chars(),
                        Arbitraries.integers().between(0, 2))
                .as((json, where, c, how) -> {
                    int at = where % (json.length() + 1);
                    return switch (how) {
                        case 0 -> json.substring(0, at) + c + json.substring(at);
                        case 1 -> at < json.length() ? json.substring(0, at) + json.substring(at + 1) : json;
                        default -> json.substring(0, at);
                    };
                });
    }

    @Provide
    Arbitrary<String> oversized() {
        return Arbitraries.integers().between(LIMIT, LIMIT * 3).map(n -> "é".repeat(n / 2));
    }
}
