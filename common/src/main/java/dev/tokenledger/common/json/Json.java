package dev.tokenledger.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.UncheckedIOException;

/**
 * The one JSON configuration of the product: snake_case fields, RFC 3339 times, decimals kept
 * exact (never read through a double). Used for Kafka records and, through
 * {@code ObjectMapperCustomizer}s in the services, for HTTP bodies.
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        // a count is a whole number: 1.5 tokens is refused, not truncated to 1
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // {"a": 1, "a": 2} is refused: which one a reader takes is not the writer's choice
        mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("text-without-nul")
                .addDeserializer(String.class, new TextWithoutNul())
                .addKeyDeserializer(String.class, new TextWithoutNul.Keys())
                .addDeserializer(java.math.BigDecimal.class, new BoundedDecimal())
                .addDeserializer(java.time.Instant.class, new RfcInstant())
                .addSerializer(java.time.Instant.class, new RfcInstant.Writer()));
        return mapper;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
