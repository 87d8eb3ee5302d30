package dev.tokenledger.ingest.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Spans and export requests as an OpenTelemetry SDK builds them, for the tests. */
public final class OtlpSpans {

    private OtlpSpans() {
    }

    public static KeyValue attr(String key, Object value) {
        AnyValue.Builder v = AnyValue.newBuilder();
        if (value instanceof Long || value instanceof Integer) {
            v.setIntValue(((Number) value).longValue());
        } else if (value instanceof Double d) {
            v.setDoubleValue(d);
        } else if (value instanceof Boolean b) {
            v.setBoolValue(b);
        } else {
            v.setStringValue(String.valueOf(value));
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    /** A span with the given attributes, trace id {@code trace} (32 hex) and span id {@code span} (16 hex), lasting {@code millis}. */
    public static Span span(String trace, String span, Instant start, long millis, Map<String, Object> attributes) {
        Span.Builder s = Span.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(span))).setName("chat")
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(start.getEpochSecond() * 1_000_000_000L + start.getNano())
                .setEndTimeUnixNano(start.getEpochSecond() * 1_000_000_000L + start.getNano() + millis * 1_000_000L);
        attributes.forEach((k, v) -> s.addAttributes(attr(k, v)));
        return s.build();
    }

    public static ExportTraceServiceRequest export(Map<String, Object> resource, Span... spans) {
        Resource.Builder r = Resource.newBuilder();
        resource.forEach((k, v) -> r.addAttributes(attr(k, v)));
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(r)
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(java.util.List.of(spans)))).build();
    }

    /** Attributes in the order given (several spellings of one thing may be compared). */
    public static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
