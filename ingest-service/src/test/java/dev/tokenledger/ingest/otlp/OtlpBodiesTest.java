package dev.tokenledger.ingest.otlp;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static dev.tokenledger.ingest.otlp.OtlpSpans.attrs;
import static dev.tokenledger.ingest.otlp.OtlpSpans.export;
import static dev.tokenledger.ingest.otlp.OtlpSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtlpBodiesTest {

    /** The same export as the OTLP specification's JSON example writes it: ids in hex, enums as numbers, int64 as strings. */
    static final String JSON = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
             "scopeSpans":[{"scope":{"name":"openllmetry"},"spans":[{
               "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"chat","kind":3,
               "startTimeUnixNano":"1764584130250000000","endTimeUnixNano":"1764584131484000000",
               "attributes":[{"key":"gen_ai.system","value":{"stringValue":"openai"}},
                             {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
                             {"key":"gen_ai.usage.input_tokens","value":{"intValue":"1500"}},
                             {"key":"gen_ai.usage.output_tokens","value":{"intValue":200}}],
               "status":{},"someFieldOfALaterVersion":true}]}]}]}
            """;

    static ExportTraceServiceRequest protobufTwin() {
        return export(Map.of("service.name", "checkout"), span("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174",
                Instant.ofEpochSecond(0, 1764584130250000000L), 1234, attrs("gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o",
                        "gen_ai.usage.input_tokens", 1500, "gen_ai.usage.output_tokens", 200)));
    }

    @Test
    void jsonWithHexIdsAndProtobufOfTheSameSpansReadTheSame() throws Exception {
        ExportTraceServiceRequest fromJson = OtlpBodies.parse(JSON.getBytes(StandardCharsets.UTF_8), true);
        ExportTraceServiceRequest fromProtobuf = OtlpBodies.parse(protobufTwin().toByteArray(), false);
        GenAiSpans spans = new GenAiSpans("service.name", Map.of());
        // the scope's name is in the JSON only: compare what becomes of the spans
        assertEquals(spans.read(fromProtobuf).candidates().get(0).request(), spans.read(fromJson).candidates().get(0).request());
        assertEquals("otel-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174",
                spans.read(fromJson).candidates().get(0).request().eventId());
    }

    @Test
    void aGzipBodyIsReadAndAnythingElseIsRefusedWithTheReason() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(protobufTwin().toByteArray());
        }
        assertEquals(protobufTwin(), OtlpBodies.parse(OtlpBodies.inflate(zipped.toByteArray(), "gzip", 1 << 20), false));
        assertTrue(assertThrows(OtlpBodies.Unreadable.class, () -> OtlpBodies.inflate(new byte[] {1, 2}, "gzip", 1 << 20))
                .getMessage().contains("not valid gzip"));
        assertTrue(assertThrows(OtlpBodies.Unreadable.class, () -> OtlpBodies.inflate(zipped.toByteArray(), "br", 1 << 20))
                .getMessage().contains("br is not supported"));
        assertTrue(assertThrows(OtlpBodies.Unreadable.class, () -> OtlpBodies.inflate(zipped.toByteArray(), "gzip", 10))
                .getMessage().contains("larger than 10 bytes"));
        assertTrue(assertThrows(OtlpBodies.Unreadable.class, () -> OtlpBodies.parse(new byte[] {(byte) 0xff, 0x01}, false))
                .getMessage().startsWith("the body is not an OTLP ExportTraceServiceRequest in protobuf"));
        assertTrue(assertThrows(OtlpBodies.Unreadable.class, () -> OtlpBodies.parse("{\"resourceSpans\": 7}".getBytes(StandardCharsets.UTF_8), true))
                .getMessage().startsWith("the body is not an OTLP ExportTraceServiceRequest in JSON"));
        assertTrue(assertThrows(OtlpBodies.Unreadable.class, () -> OtlpBodies.parse("{oops".getBytes(StandardCharsets.UTF_8), true))
                .getMessage().startsWith("the body is not valid JSON"));
    }

    @Test
    void theAnswerIsAnExportResponseWithPartialSuccessOnlyWhenSpansWereRefused() throws Exception {
        assertEquals(ExportTraceServiceResponse.getDefaultInstance(), ExportTraceServiceResponse.parseFrom(OtlpBodies.answer(0, "", false)));
        assertEquals("{}", new String(OtlpBodies.answer(0, "", true), StandardCharsets.UTF_8));
        ExportTraceServiceResponse partial = ExportTraceServiceResponse.parseFrom(OtlpBodies.answer(2, "2 span(s) …", false));
        assertEquals(2, partial.getPartialSuccess().getRejectedSpans());
        assertEquals("2 span(s) …", partial.getPartialSuccess().getErrorMessage());
        ExportTraceServiceResponse.Builder fromJson = ExportTraceServiceResponse.newBuilder();
        JsonFormat.parser().merge(new String(OtlpBodies.answer(2, "why", true), StandardCharsets.UTF_8), fromJson);
        assertEquals(2, fromJson.getPartialSuccess().getRejectedSpans());
    }
}
