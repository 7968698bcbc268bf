package dev.stevedore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jar carries the metadata IDEs complete stevedore.* keys from: generated, and merged with the hand-written part. */
class ConfigurationMetadataTest {
    @Test
    void metadataListsThePropertiesWithDescriptionsAndDefaults() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json on the class path").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        metadata.path("properties").forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).contains("stevedore.queues", "stevedore.cron", "stevedore.store.type", "stevedore.store.schema",
                "stevedore.retention.completed", "stevedore.dashboard.port", "stevedore.health.min-queue-score",
                "stevedore.shutdown-grace", "management.health.stevedore.enabled");
        JsonNode grace = property(metadata, "stevedore.shutdown-grace");
        assertThat(grace.path("defaultValue").asText()).isEqualTo("20s");
        assertThat(grace.path("description").asText()).startsWith("How long shutdown waits for running jobs");
        assertThat(property(metadata, "stevedore.store.type").path("defaultValue").asText()).isEqualTo("postgres");
    }

    private static JsonNode property(JsonNode metadata, String name) {
        for (JsonNode property : metadata.path("properties")) {
            if (property.path("name").asText().equals(name)) {
                return property;
            }
        }
        throw new AssertionError("no property " + name + " in the metadata");
    }
}
