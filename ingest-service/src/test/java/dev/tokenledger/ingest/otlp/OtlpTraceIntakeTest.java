package dev.tokenledger.ingest.otlp;

import com.google.protobuf.CodedInputStream;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static dev.tokenledger.ingest.otlp.OtlpSpans.attrs;
import static dev.tokenledger.ingest.otlp.OtlpSpans.export;
import static dev.tokenledger.ingest.otlp.OtlpSpans.span;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class OtlpTraceIntakeTest {

    @InjectTestInfra
    TestInfra infra;

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private byte[] post(String path, String contentType, byte[] body, int status) {
        return given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(contentType).body(body)
                .when().post(path).then().statusCode(status).contentType(contentType).extract().asByteArray();
    }

    private List<ConsumerRecord<String, String>> onUsageRaw(String eventId, int atLeast) {
        return infra.kafka().read(infra.topic("usage.raw"), atLeast, Duration.ofSeconds(20), r -> r.value().contains(eventId));
    }

    @Test
    void aProtobufExportRecordsItsGenAiSpansOnceAndAnswersPartialSuccessForTheUnusableOnes() throws Exception {
        String trace = hex(16);
        String project = "otlp-" + UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ExportTraceServiceRequest request = export(Map.of("service.name", project, "deployment.environment.name", "staging"),
                span(trace, "00000000000000a1", start, 812, attrs("gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-4o",
                        "gen_ai.usage.input_tokens", 1500, "gen_ai.usage.output_tokens", 200, "gen_ai.usage.cache_read.input_tokens", 1000,
                        "user.id", "u-1")),
                span(trace, "00000000000000a2", start, 5, attrs("http.request.method", "POST")),
                span(trace, "00000000000000a3", start, 5, attrs("gen_ai.provider.name", "openai", "gen_ai.usage.input_tokens", 9)));

        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(post("/v1/traces", "application/x-protobuf", request.toByteArray(), 200));
        assertEquals(1, answer.getPartialSuccess().getRejectedSpans(), "the span with tokens but no model");
        assertTrue(answer.getPartialSuccess().getErrorMessage().contains("resource_spans[0].scope_spans[0].spans[2]: has token counts but no model"),
                answer.getPartialSuccess().getErrorMessage());

        String id = "otel-" + trace + "-00000000000000a1";
        List<ConsumerRecord<String, String>> records = onUsageRaw(id, 1);
        UsageRecorded e = Json.read(records.get(0).value(), UsageRecorded.class);
        assertEquals("acme", e.tenantId(), "the credential's tenant");
        assertEquals(500, e.usage().inputTokens());
        assertEquals(1000, e.usage().cacheReadTokens());
        assertEquals(200, e.usage().outputTokens());
        assertEquals(project, e.attribution().project());
        assertEquals("staging", e.attribution().environment());
        assertEquals("u-1", e.attribution().user());
        assertEquals(812L, e.latencyMs());
        assertEquals(start, e.occurredAt());

        // the same spans again, as JSON under /otlp, gzip-compressed: nothing new is recorded
        String json = com.google.protobuf.util.JsonFormat.printer().print(request)
                .replace(b64(trace), trace).replace(b64("00000000000000a1"), "00000000000000a1")
                .replace(b64("00000000000000a2"), "00000000000000a2").replace(b64("00000000000000a3"), "00000000000000a3");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        }
        byte[] again = given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType("application/json")
                .header("Content-Encoding", "gzip").body(zipped.toByteArray()).when().post("/otlp/v1/traces").then().statusCode(200)
                .contentType("application/json").body("partialSuccess.rejectedSpans", equalTo("1")).extract().asByteArray();
        assertTrue(new String(again, StandardCharsets.UTF_8).contains("no model"));
        String marker = "otel-" + trace + "-00000000000000b1";
        post("/v1/traces", "application/x-protobuf", export(Map.of("service.name", project), span(trace, "00000000000000b1", start, 1,
                attrs("gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o", "gen_ai.usage.output_tokens", 1))).toByteArray(), 200);
        onUsageRaw(marker, 1);
        assertEquals(1, infra.kafka().read(infra.topic("usage.raw"), Integer.MAX_VALUE, Duration.ofSeconds(3), r -> r.value().contains(id)).size(),
                "a re-sent span adds nothing");
    }

    private static String b64(String hex) {
        return java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    @Test
    void aBodyThatIsNotAnExportIsA400StatusInTheRequestsEncodingAndNoCredentialIsA401() throws Exception {
        byte[] status = post("/v1/traces", "application/x-protobuf", new byte[] {(byte) 0xff, 0x01, 0x02}, 400);
        CodedInputStream in = CodedInputStream.newInstance(status);
        assertEquals((1 << 3), in.readTag());
        assertEquals(3, in.readInt32(), "google.rpc.Status code INVALID_ARGUMENT");
        assertEquals((2 << 3) | 2, in.readTag());
        assertTrue(in.readString().startsWith("the body is not an OTLP ExportTraceServiceRequest in protobuf"));

        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType("application/json").body("{\"resourceSpans\": 7}")
                .when().post("/v1/traces").then().statusCode(400).contentType("application/json").body("code", equalTo(3))
                .body("message", org.hamcrest.Matchers.startsWith("the body is not an OTLP ExportTraceServiceRequest in JSON"));
        given().contentType("application/x-protobuf").body(new byte[0]).when().post("/v1/traces").then().statusCode(401);
        given().auth().oauth2(infra.tokens().user("bob")).contentType("application/x-protobuf").body(new byte[0]).when().post("/v1/traces")
                .then().statusCode(403);
    }
}
