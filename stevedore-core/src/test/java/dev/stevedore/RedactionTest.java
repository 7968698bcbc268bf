package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private final Redaction redaction = new Redaction(List.of("password", "card.number"));

    @Test
    void aNameIsRedactedAtAnyDepthAndAPathFromTheTop() {
        String args = "{\"user\":42,\"password\":\"hunter2\",\"login\":{\"password\":\"x\"},"
                + "\"card\":{\"number\":\"4111\",\"holder\":\"Ann\"},\"other\":{\"card\":{\"number\":\"kept\"}}}";
        assertThat(redaction.apply(args)).isEqualTo("{\"user\":42,\"password\":\"[redacted]\",\"login\":{\"password\":"
                + "\"[redacted]\"},\"card\":{\"number\":\"[redacted]\",\"holder\":\"Ann\"},"
                + "\"other\":{\"card\":{\"number\":\"kept\"}}}");
    }

    @Test
    void pathsGoThroughArraysAndWholeObjectsAreReplaced() {
        Redaction cards = new Redaction(List.of("card.number", "secret"));
        assertThat(cards.apply("{\"card\":[{\"number\":1},{\"number\":2}],\"secret\":{\"a\":1}}"))
                .isEqualTo("{\"card\":[{\"number\":\"[redacted]\"},{\"number\":\"[redacted]\"}],\"secret\":\"[redacted]\"}");
    }

    @Test
    void argumentsWithoutTheFieldsAreUnchangedAndNoFieldsMeansNoWork() {
        assertThat(redaction.apply("{\"a\":1}")).isEqualTo("{\"a\":1}");
        assertThat(new Redaction(List.of()).apply("not even json")).isEqualTo("not even json");
    }

    @Test
    void unreadableArgumentsAreWithheldWhole() {
        assertThat(redaction.apply("{\"password\": \"hunter2\"")).isEqualTo("\"[redacted]\"");
    }

    @Test
    void badFieldNamesAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> new Redaction(List.of("card..number"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"card..number\"");
        assertThatThrownBy(() -> Stevedore.builder().redact("ok", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\" \"");
    }
}
