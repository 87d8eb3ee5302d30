package dev.tokenledger.system.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.system.NodeScripts;
import dev.tokenledger.system.proxy.ProxyStack;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Applications that already trace their LLM calls with OpenTelemetry get them priced by pointing
 * their exporter at the ingest-service: OpenLLMetry on Node (its OpenAI instrumentation and the
 * OTLP/HTTP JSON exporter, from a real {@code node} process calling the provider stand-in) and the
 * Java SDK's OTLP/HTTP protobuf exporter. The report shows exactly what the tokens in the spans cost,
 * as an event recorded directly with those tokens does.
 */
class OtlpIntakeTest {

    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        NodeScripts.assertInstalled("@traceloop/node-server-sdk");
        stack = ProxyStack.get();
    }

    @Test
    void anOpenLlmetryInstrumentedNodeAppsCallsArePricedExactlyFromTheSpansItExports() throws Exception {
        String project = "otel-node-" + UUID.randomUUID();
        JsonNode call = NodeScripts.run("otel-calls.mjs", Map.of("OTLP_URL", stack.services.url("ingest") + "/v1/traces",
                "TOKENLEDGER_KEY", stack.key.value(), "PROVIDER_URL", stack.provider.url(), "PROVIDER_KEY", ProxyStack.PROVIDER_KEY, "PROJECT", project));
        long prompt = call.path("usage").path("prompt_tokens").asLong();
        long completion = call.path("usage").path("completion_tokens").asLong();
        assertTrue(prompt > 0 && completion > 0, call.toString());

        JsonPath summary = stack.summaryOnce(project, 1);
        assertEquals(1, summary.getLong("calls"));
        // OpenLLMetry's OpenAI instrumentation records prompt and completion tokens (no cached-token count)
        assertEquals(prompt, summary.getLong("tokens.input"));
        assertEquals(completion, summary.getLong("tokens.output"));
        stack.recordUsage(project + "-direct", "openai", call.path("model").asText(), Map.of("input_tokens", prompt, "output_tokens", completion));
        assertTrue(stack.cost(project, 1).signum() > 0);
        assertEquals(0, stack.cost(project + "-direct", 1).compareTo(stack.cost(project, 1)));
    }

    @Test
    void theJavaSdksProtobufExportOfAGenAiSpanIsPricedExactlyWithItsCachedTokens() {
        String project = "otel-java-" + UUID.randomUUID();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(stack.services.url("ingest") + "/otlp/v1/traces")
                .addHeader("Authorization", "Bearer " + stack.key.value()).setCompression("gzip").build();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), project))).build()) {
            Span span = tracing.get("an-instrumented-app").spanBuilder("chat claude-sonnet-4-5").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.provider.name", "anthropic").setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.request.model", "claude-sonnet-4-5")
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12_000L)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), 10_000L)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens"), 1_500L)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 640L)
                    .startSpan();
            span.end();
            assertTrue(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess(), "the exporter's request was answered 2xx");
        }
        JsonPath summary = stack.summaryOnce(project, 1);
        assertEquals(500, summary.getLong("tokens.input"), "input without the cached and cache-written tokens");
        assertEquals(10_000, summary.getLong("tokens.cache_read"));
        assertEquals(1_500, summary.getLong("tokens.cache_write"));
        stack.recordUsage(project + "-direct", "anthropic", "claude-sonnet-4-5",
                Map.of("input_tokens", 500, "cache_read_tokens", 10_000, "cache_write_tokens", 1_500, "output_tokens", 640));
        assertTrue(stack.cost(project, 1).signum() > 0);
        assertEquals(0, stack.cost(project + "-direct", 1).compareTo(stack.cost(project, 1)));
    }
}
