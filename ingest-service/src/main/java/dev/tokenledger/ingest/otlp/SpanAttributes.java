package dev.tokenledger.ingest.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A span's attributes over its resource's: the span's value of a key wins. */
final class SpanAttributes {

    private final Map<String, AnyValue> resource;
    private final Map<String, AnyValue> span;

    private SpanAttributes(Map<String, AnyValue> resource, Map<String, AnyValue> span) {
        this.resource = resource;
        this.span = span;
    }

    static Map<String, AnyValue> index(List<KeyValue> attributes) {
        Map<String, AnyValue> out = new HashMap<>(attributes.size() * 2);
        for (KeyValue kv : attributes) {
            out.put(kv.getKey(), kv.getValue());
        }
        return out;
    }

    static SpanAttributes of(Map<String, AnyValue> resource, List<KeyValue> span) {
        return new SpanAttributes(resource, index(span));
    }

    AnyValue get(String key) {
        AnyValue v = span.get(key);
        return v != null ? v : resource.get(key);
    }

    /** The first of the keys that is set, as text; null when none is. */
    String text(String... keys) {
        for (String key : keys) {
            AnyValue v = get(key);
            if (v != null) {
                String s = switch (v.getValueCase()) {
                    case STRING_VALUE -> v.getStringValue();
                    case INT_VALUE -> Long.toString(v.getIntValue());
                    case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                    case DOUBLE_VALUE -> java.math.BigDecimal.valueOf(v.getDoubleValue()).stripTrailingZeros().toPlainString();
                    default -> null;
                };
                if (s != null && !s.isBlank()) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The first of the keys that is set, as a whole number; the key found is reported through {@code found}. */
    Count count(String... keys) {
        for (String key : keys) {
            AnyValue v = get(key);
            if (v == null) {
                continue;
            }
            return switch (v.getValueCase()) {
                case INT_VALUE -> new Count(key, v.getIntValue(), null);
                case DOUBLE_VALUE -> v.getDoubleValue() == Math.rint(v.getDoubleValue()) && Math.abs(v.getDoubleValue()) < 1e15
                        ? new Count(key, (long) v.getDoubleValue(), null)
                        : new Count(key, 0, "must be a whole number of tokens");
                case STRING_VALUE -> {
                    try {
                        yield new Count(key, Long.parseLong(v.getStringValue().trim()), null);
                    } catch (NumberFormatException e) {
                        yield new Count(key, 0, "must be a whole number of tokens");
                    }
                }
                default -> new Count(key, 0, "must be a whole number of tokens");
            };
        }
        return null;
    }

    /** A token count read from an attribute, or why it could not be read. */
    record Count(String key, long value, String problem) {
    }
}
