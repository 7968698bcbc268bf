package dev.stevedore.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Decodes a cron schedule's arguments, given as JSON in a property, into the kind's record. Stricter
 * than the decoding of stored jobs: a field the record does not have is a typo in the configuration,
 * so it fails startup rather than being dropped.
 */
final class CronArgs {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private CronArgs() {}

    static Record decode(String key, String json, Class<? extends Record> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(key + " does not decode as " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
